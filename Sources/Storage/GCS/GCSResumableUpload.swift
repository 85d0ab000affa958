/// The client side of a GCS resumable upload session, apart from I/O: which byte range to send next, and
/// where to continue after the server's `308 Resume Incomplete`.
///
/// Every chunk but the last is a multiple of 256 KiB, as GCS requires, and each carries the total size in
/// `Content-Range` (`bytes <first>-<last>/<total>`). A 308 says in its `Range` header (`bytes=0-<last>`)
/// how much the server kept, which may be less than was sent; no `Range` means nothing was kept.
struct GCSResumableUpload: Sendable, Equatable {
    /// GCS's chunk granularity.
    static let granularity = 256 * 1024

    /// A byte range of the file and its `Content-Range` header.
    struct Chunk: Sendable, Equatable {
        var offset: Int64
        var length: Int64
        var contentRange: String
    }

    /// The object's total size.
    let size: Int64
    /// The most bytes one request carries: a positive multiple of ``granularity``.
    let chunkSize: Int
    /// The bytes the server has confirmed.
    private(set) var persisted: Int64 = 0

    /// Starts an upload of `size` bytes in chunks of `chunkSize`, rounded up to a multiple of 256 KiB.
    init(size: Int64, chunkSize: Int) {
        self.size = size
        self.chunkSize = Self.roundedChunkSize(chunkSize)
    }

    /// `bytes` rounded up to a positive multiple of 256 KiB.
    static func roundedChunkSize(_ bytes: Int) -> Int {
        max(1, (bytes + granularity - 1) / granularity) * granularity
    }

    /// The next range to send: from the first byte the server has not confirmed. When every byte is
    /// confirmed but the upload was not finalized, an empty chunk asks the server to finish it.
    var nextChunk: Chunk {
        let length = min(Int64(chunkSize), size - persisted)
        let range = length > 0 ? "\(persisted)-\(persisted + length - 1)" : "*"
        return Chunk(offset: persisted, length: length, contentRange: "bytes \(range)/\(size)")
    }

    /// Records a 308 answer's `Range` header.
    ///
    /// - Throws: `UploadStalled` when the server kept nothing new, `MalformedResponse` for a range that
    ///   is unreadable or beyond the file.
    mutating func resumeIncomplete(range: String?) throws {
        let confirmed: Int64
        if let range {
            guard range.hasPrefix("bytes=0-"), let last = Int64(range.dropFirst("bytes=0-".count)), last < size else {
                throw StorageError.backend(code: "MalformedResponse", message: "resumable upload answered Range: \(range)")
            }
            confirmed = last + 1
        } else {
            confirmed = 0
        }
        guard confirmed > persisted else {
            throw StorageError.backend(
                code: "UploadStalled", message: "resumable upload kept \(confirmed) of \(size) bytes after sending from byte \(persisted)")
        }
        persisted = confirmed
    }
}
