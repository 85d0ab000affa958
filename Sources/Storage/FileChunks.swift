import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// A byte range of a local file as a sequence of buffers, read as the HTTP client sends them.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let path: String
    let offset: Int64
    let length: Int64
    static let chunkSize = 256 * 1024

    struct AsyncIterator: AsyncIteratorProtocol {
        let path: String
        var position: Int64
        var remaining: Int64
        var descriptor: Int32 = -1

        mutating func next() async throws -> ByteBuffer? {
            guard remaining > 0 else {
                if descriptor >= 0 { close(descriptor) }
                descriptor = -1
                return nil
            }
            if descriptor < 0 {
                descriptor = open(path, O_RDONLY | O_CLOEXEC)
                guard descriptor >= 0 else { throw StorageError.io("cannot open \(path): \(POSIXFile.errorText())") }
            }
            let count = Int(Swift.min(Int64(FileChunks.chunkSize), remaining))
            let bytes: [UInt8]
            do {
                bytes = try POSIXFile.read(descriptor, at: position, count: count)
            } catch {
                close(descriptor)
                descriptor = -1
                throw error
            }
            position += Int64(count)
            remaining -= Int64(count)
            return ByteBuffer(bytes: bytes)
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(path: path, position: offset, remaining: length)
    }
}
