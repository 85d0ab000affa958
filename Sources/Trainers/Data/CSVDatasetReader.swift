import Foundation

/// Reads a CSV file with a header row into a ``Dataset`` in one streaming pass.
///
/// The file is read in fixed-size chunks; each chunk is hashed (SHA-256) and fed byte by byte
/// to a ``CSVTokenizer``, and feature cells are parsed straight into one contiguous `[Float]`
/// buffer, so the text is never held in memory as a whole or read twice.
///
/// Every column except the label column is a feature and must hold finite numbers. Label cells
/// may be any non-empty text. **Class order:** classes are sorted — numerically when every label
/// is an integer (`"2" < "10"`), otherwise by Swift string order — so class indices depend only on
/// the set of labels, never on row order.
public struct CSVDatasetReader: Sendable {
    /// The label column, or `nil` for unsupervised data.
    public var labelColumn: String?
    /// Bytes read per chunk.
    public var chunkSize: Int

    /// A reader for files whose label column is `labelColumn` (`nil`: every column is a feature).
    public init(labelColumn: String?, chunkSize: Int = 1 << 16) {
        self.labelColumn = labelColumn
        self.chunkSize = max(1, chunkSize)
    }

    /// Parses the file at `url`; throws ``DatasetError`` naming the row and column of bad input.
    public func read(from url: URL) throws(DatasetError) -> Dataset {
        let path = url.path
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw DatasetError.unreadable(path: path, reason: error.localizedDescription)
        }
        defer { try? handle.close() }

        var hasher = SHA256()
        var tokenizer = CSVTokenizer(path: path)
        var builder = CSVDatasetBuilder(path: path, labelColumn: labelColumn)
        do {
            while let chunk = try handle.read(upToCount: chunkSize), !chunk.isEmpty {
                hasher.update(chunk)
                try chunk.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
                    for byte in bytes {
                        try tokenizer.consume(byte, into: &builder)
                    }
                }
            }
            try tokenizer.finish(into: &builder)
        } catch let error as DatasetError {
            throw error
        } catch {
            throw DatasetError.unreadable(path: path, reason: error.localizedDescription)
        }
        return try builder.dataset(sha256: SHA256.hex(hasher.finalize()))
    }
}
