import Foundation
import NIOCore

/// The body of a `multipart/related` upload: the object resource as JSON, then the file's bytes, streamed
/// from disk as the HTTP client sends them.
struct GCSMultipartBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    /// The `Content-Type` header of the request.
    let contentType: String
    private let head: ByteBuffer
    private let file: FileChunks
    private let tail: ByteBuffer

    /// Frames `resource` and `size` bytes of the file at `path`, stored as `mediaType`.
    init(resource: Data, mediaType: String, path: String, size: Int64) {
        let boundary = "trainyard-\(UUID().uuidString)"
        contentType = "multipart/related; boundary=\(boundary)"
        head = ByteBuffer(string: "--\(boundary)\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n"
            + String(decoding: resource, as: UTF8.self) + "\r\n--\(boundary)\r\nContent-Type: \(mediaType)\r\n\r\n")
        file = FileChunks(path: path, offset: 0, length: size)
        tail = ByteBuffer(string: "\r\n--\(boundary)--\r\n")
    }

    /// The body's length in bytes.
    var length: Int64 { Int64(head.readableBytes + tail.readableBytes) + file.length }

    struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate var head: ByteBuffer?
        fileprivate var file: FileChunks.AsyncIterator
        fileprivate var tail: ByteBuffer?

        mutating func next() async throws -> ByteBuffer? {
            if let head = head.take() { return head }
            if let chunk = try await file.next() { return chunk }
            return tail.take()
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(head: head, file: file.makeAsyncIterator(), tail: tail)
    }
}
