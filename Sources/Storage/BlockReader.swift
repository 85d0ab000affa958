import Credentials

/// Cuts a ``StorageSource`` into blocks of one size (the last may be shorter) while hashing every byte, so an
/// upload in blocks streams in bounded memory and knows the content's SHA-256 once the last block is read.
final class BlockReader {
    /// The size of every block but the last.
    let blockSize: Int
    private let chunks: ChunkReader
    private var hash: SHA256?
    /// Bytes read but not yet handed out, from `offset` on.
    private var pending: [UInt8] = []
    private var offset = 0
    private var ended = false

    /// Opens the source.
    init(_ source: StorageSource, blockSize: Int) throws {
        chunks = try ChunkReader(source)
        self.blockSize = blockSize
        hash = try SHA256()
    }

    /// The next block, or `nil` after the last.
    func next() async throws -> [UInt8]? {
        while pending.count - offset < blockSize, !ended {
            guard let chunk = try await chunks.next() else {
                ended = true
                break
            }
            try hash?.update(chunk)
            pending.removeFirst(offset)
            offset = 0
            pending += chunk
        }
        guard offset < pending.count else { return nil }
        let end = min(offset + blockSize, pending.count)
        defer { offset = end }
        return Array(pending[offset..<end])
    }

    /// The lower-case hex SHA-256 of the whole content, once ``next()`` has returned `nil`.
    func sha256() throws -> String {
        guard ended, offset == pending.count, let complete = hash.take() else {
            throw StorageError.io("the content's checksum was asked for before its end")
        }
        return Hex.encode(try complete.finalize())
    }
}
