#if canImport(Glibc)
import Glibc
#endif

/// Reads a ``StorageSource`` chunk by chunk, so uploads stream whatever their size. A file source is
/// closed at its end or when the reader goes away.
final class ChunkReader {
    static let chunkSize = 1 << 20

    private enum Origin {
        case bytes([UInt8]?)
        case stream(AsyncThrowingStream<[UInt8], any Error>.Iterator)
        case file(Int32)
    }

    private var origin: Origin

    /// Opens the source (a file is opened here and closed at its end).
    init(_ source: StorageSource) throws {
        switch source {
        case .bytes(let bytes): origin = .bytes(bytes)
        case .chunks(let stream): origin = .stream(stream.makeAsyncIterator())
        case .file(let path):
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw StorageError.io("cannot open \(path): \(POSIXFile.errorText())") }
            origin = .file(descriptor)
        }
    }

    deinit {
        if case .file(let descriptor) = origin { close(descriptor) }
    }

    /// The next chunk, or `nil` at the end; a failing producer's error is thrown.
    func next() async throws -> [UInt8]? {
        switch origin {
        case .bytes(let bytes):
            origin = .bytes(nil)
            return bytes
        case .stream(var iterator):
            let chunk = try await iterator.next()
            origin = .stream(iterator)
            return chunk
        case .file(let descriptor):
            let chunk: [UInt8]
            do {
                chunk = try POSIXFile.readChunk(descriptor, count: Self.chunkSize)
            } catch {
                close(descriptor)
                origin = .bytes(nil)
                throw error
            }
            if chunk.isEmpty {
                close(descriptor)
                origin = .bytes(nil)
                return nil
            }
            return chunk
        }
    }
}
