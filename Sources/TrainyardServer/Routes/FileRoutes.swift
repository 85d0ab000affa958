import Foundation
import HTTPTypes
import Hummingbird
import Storage

/// `GET` and `PUT /files/<full key>?method=…&expires=…&signature=…`: the local storage backend's presigned URLs,
/// served. The signature is the only credential (no API key), checked in constant time together with the expiry
/// and the method before anything is read or written. A `PUT` streams its body into the object; a body that ends
/// early or exceeds ``maxUploadBytes`` stores nothing.
struct FileRoutes {
    let storage: LocalStorage

    /// 5 GiB, the most one `PUT` may carry (as with S3's single-request upload).
    static let maxUploadBytes: Int64 = 5 << 30

    func register(on router: Hummingbird.Router<APIRequestContext>) {
        router.get("files/**") { request, _ in try await download(request) }
        router.put("files/**") { request, _ in try await upload(request) }
    }

    private func download(_ request: Request) async throws -> Response {
        let key = try authorize(.get, request)
        let (info, content) = try await storage.read(key)
        var headers = HTTPFields()
        headers[.contentType] = info.contentType ?? "application/octet-stream"
        if let sha256 = info.sha256 { headers[.eTag] = "\"\(sha256)\"" }
        headers[.lastModified] = HTTPDate.format(info.modified)
        return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: Int(info.size)) { writer in
            for try await chunk in content { try await writer.write(ByteBuffer(bytes: chunk)) }
            try await writer.finish(nil)
        })
    }

    private func upload(_ request: Request) async throws -> Response {
        let key = try authorize(.put, request)
        let declared = request.headers[.contentLength].flatMap { Int64($0) }
        if let declared, declared > Self.maxUploadBytes { throw Self.tooLarge }
        let body = UploadBody(request.body, declared: declared)
        let content = AsyncThrowingStream<[UInt8], any Error> { try await body.next() }
        let info = try await storage.put(key, from: .chunks(content), contentType: request.headers[.contentType], metadata: [:])
        var headers = HTTPFields()
        if let sha256 = info.sha256 { headers[.eTag] = "\"\(sha256)\"" }
        return Response(status: .created, headers: headers)
    }

    /// The key a request's URL names, once its signature allows `method`.
    private func authorize(_ method: PresignMethod, _ request: Request) throws -> StorageKey {
        let path = request.uri.path.dropFirst("/files/".count)
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map { $0.removingPercentEncoding }
        guard path.count > 0, !segments.contains(nil) else { throw StorageError.invalidSignature }
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
        return try storage.authorize(method, fullKey: segments.compactMap { $0 }.joined(separator: "/"), query: query, now: Date())
    }

    fileprivate static let tooLarge = APIError(.contentTooLarge, code: "request.too_large", message: "a file upload is at most \(maxUploadBytes) bytes")
}

/// A request body read chunk by chunk as storage asks for it, so a slow disk slows the client down instead of
/// filling memory; it fails when the body grows past the upload limit or ends short of its `Content-Length`.
/// One consumer reads it, one chunk at a time.
private final class UploadBody: @unchecked Sendable {
    private var chunks: RequestBody.AsyncIterator
    private let declared: Int64?
    private var received: Int64 = 0

    init(_ body: RequestBody, declared: Int64?) {
        chunks = body.makeAsyncIterator()
        self.declared = declared
    }

    func next() async throws -> [UInt8]? {
        guard let buffer = try await chunks.next() else {
            if let declared, declared != received {
                throw APIError.badRequest("request.incomplete_body", "the body has \(received) of \(declared) bytes")
            }
            return nil
        }
        received += Int64(buffer.readableBytes)
        guard received <= FileRoutes.maxUploadBytes else { throw FileRoutes.tooLarge }
        return Array(buffer.readableBytesView)
    }
}
