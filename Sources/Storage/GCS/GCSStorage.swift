import AsyncHTTPClient
import Credentials
import Foundation
import NIOCore
import NIOHTTP1

/// Google Cloud Storage through its JSON API, authorized with OAuth 2.0 bearer tokens.
///
/// Uploads stream from a file: a first pass hashes it (the SHA-256 is stored as the `sha256` entry of the
/// object's metadata, which downloads verify). Files up to ``resumableThreshold`` go in one
/// `uploadType=multipart` request that carries the object resource (content type, metadata) and the bytes;
/// larger ones go through a resumable upload session in chunks of ``chunkSize``, continuing from wherever
/// each `308 Resume Incomplete` says the server stopped, and the session is cancelled on failure. A stream
/// of chunks is spooled to a temporary file first.
///
/// Downloads read the object's metadata, then stream that exact generation (`alt=media&generation=`) into
/// a temporary file that is renamed into place only when its SHA-256 matches. Listing pages through
/// objects.list as the caller reads. Every request has the ``timeout`` (for an upload chunk: until the
/// answer's head arrives) and a Trainyard `User-Agent`.
public struct GCSStorage: StorageBackend {
    /// The OAuth scope requested for ``GCSCredentials/serviceAccount(_:)`` tokens.
    public static let scope = "https://www.googleapis.com/auth/devstorage.read_write"

    /// The bucket the objects live in.
    public let bucket: String
    /// Where the JSON API is served (and where presigned URLs point).
    public let endpoint: GCSEndpoint
    /// Files larger than this go through a resumable upload session.
    public let resumableThreshold: Int64
    /// The bytes of each resumable upload request: a multiple of 256 KiB.
    public let chunkSize: Int
    /// Objects asked for per objects.list page.
    public let listPageSize: Int
    /// The limit of each request.
    public let timeout: TimeAmount
    private let tokens: (any GCSAccessTokenSource)?
    private let signer: GCSV4Signer?
    private let client: HTTPClient
    private let temporaryFolder: String

    /// Creates a backend for one bucket.
    ///
    /// - Parameters:
    ///   - credentials: a service account (tokens and presigned URLs), another token source, or
    ///     ``GCSCredentials/anonymous`` for an emulator.
    ///   - endpoint: `https://storage.googleapis.com` unless an emulator or private endpoint is given.
    ///   - client: the HTTP client to use, also for token requests; the caller shuts it down.
    ///   - chunkSize: rounded up to a multiple of 256 KiB.
    /// - Throws: when a service account's private key cannot be read.
    public init(
        bucket: String, credentials: GCSCredentials, endpoint: GCSEndpoint = .default, client: HTTPClient,
        resumableThreshold: Int64 = 8 << 20, chunkSize: Int = 8 << 20, listPageSize: Int = 1000,
        timeout: TimeAmount = .seconds(60), temporaryFolder: String = NSTemporaryDirectory()
    ) throws {
        self.bucket = bucket
        self.endpoint = endpoint
        self.resumableThreshold = max(0, resumableThreshold)
        self.chunkSize = GCSResumableUpload.roundedChunkSize(chunkSize)
        self.listPageSize = max(1, listPageSize)
        self.timeout = timeout
        self.client = client
        self.temporaryFolder = temporaryFolder
        switch credentials {
        case .serviceAccount(let key):
            tokens = try GoogleServiceAccountTokenProvider(serviceAccount: key, scopes: [Self.scope], httpClient: client)
            signer = try GCSV4Signer(serviceAccount: key, endpoint: endpoint)
        case .tokens(let source):
            tokens = source
            signer = nil
        case .anonymous:
            tokens = nil
            signer = nil
        }
    }

    // MARK: StorageBackend

    public func put(_ key: StorageKey, from source: StorageSource, contentType: String?, metadata: [String: String]) async throws -> ObjectInfo {
        let file = try await UploadFile.prepare(source, temporaryFolder: temporaryFolder)
        defer { file.discard() }
        let resource = GCSJSON.Object(name: key.fullKey, contentType: contentType,
                                      metadata: metadata.merging(["sha256": file.sha256]) { $1 })
        let stored = file.size <= resumableThreshold
            ? try await multipartUpload(resource, file: file) : try await resumableUpload(resource, file: file)
        return try stored.info()
    }

    public func get(_ key: StorageKey, to file: String) async throws -> ObjectInfo {
        let object = try await resource(key)
        let info = try object.info()
        var query = [("alt", "media")]
        if let generation = object.generation { query.append(("generation", generation)) }
        let response = try await send(.GET, url: objectURL(key.fullKey, query: query))
        try await Self.check(response, subject: .object(key.fullKey))
        try await VerifiedDownload.receive(response.body, to: file, key: key.fullKey, expectedSHA256: info.sha256)
        return info
    }

    public func head(_ key: StorageKey) async throws -> ObjectInfo {
        try await resource(key).info()
    }

    public func delete(_ key: StorageKey) async throws {
        let response = try await send(.DELETE, url: objectURL(key.fullKey))
        guard response.status == .notFound else {
            try await Self.check(response, subject: .object(key.fullKey))
            return
        }
    }

    public func list(organization: String, prefix: String) -> AsyncThrowingStream<ObjectInfo, any Error> {
        let prefix = StorageKey.prefix(of: organization) + prefix
        return ListingPager.stream(organization: organization) { try await listPage(prefix: prefix, pageToken: $0) }
    }

    /// A V4-signed URL (path style, at ``endpoint``), the way `GCSV4Signer` makes it.
    ///
    /// - Throws: `PresigningUnavailable` unless the backend was created with a service account's key.
    public func presignedURL(for key: StorageKey, method: PresignMethod, expiresIn: Int, now: Date) throws -> String {
        guard let signer else {
            throw StorageError.backend(code: "PresigningUnavailable",
                                       message: "GCS presigned URLs are signed with a service account's key; this backend has none")
        }
        let request = GCSSignedURLRequest(method: method == .get ? .get : .put, bucket: bucket, object: key.fullKey)
        return try signer.signedURL(for: request, date: now, expiresIn: expiresIn).url
    }

    // MARK: Objects and listing

    private func resource(_ key: StorageKey) async throws -> GCSJSON.Object {
        let response = try await send(.GET, url: objectURL(key.fullKey))
        try await Self.check(response, subject: .object(key.fullKey))
        return try GCSJSON.decode(GCSJSON.Object.self, from: try await Self.collect(response))
    }

    /// One page of objects.list: objects and the token of the next page.
    func listPage(prefix: String, pageToken: String?) async throws -> ListingPager.Page {
        var query = [("prefix", prefix), ("maxResults", String(listPageSize))]
        if let pageToken { query.append(("pageToken", pageToken)) }
        let response = try await send(.GET, url: url("/storage/v1/b/\(Self.escape(bucket))/o", query: query))
        try await Self.check(response, subject: .bucket)
        let page = try GCSJSON.decode(GCSJSON.ObjectList.self, from: try await Self.collect(response))
        return (try (page.items ?? []).map { try $0.info() }, page.nextPageToken.flatMap { $0.isEmpty ? nil : $0 })
    }

    // MARK: Uploads

    private func multipartUpload(_ resource: GCSJSON.Object, file: UploadFile) async throws -> GCSJSON.Object {
        let body = GCSMultipartBody(resource: try JSONEncoder().encode(resource),
                                    mediaType: resource.contentType ?? "application/octet-stream", path: file.path, size: file.size)
        let response = try await send(.POST, url: uploadURL(type: "multipart"), headers: [("Content-Type", body.contentType)],
                                      body: .stream(body, length: .known(body.length)))
        try await Self.check(response, subject: .bucket)
        return try GCSJSON.decode(GCSJSON.Object.self, from: try await Self.collect(response))
    }

    private func resumableUpload(_ resource: GCSJSON.Object, file: UploadFile) async throws -> GCSJSON.Object {
        var headers = [("Content-Type", "application/json; charset=UTF-8"), ("X-Upload-Content-Length", String(file.size))]
        if let contentType = resource.contentType { headers.append(("X-Upload-Content-Type", contentType)) }
        let started = try await send(.POST, url: uploadURL(type: "resumable"), headers: headers,
                                     body: .bytes(ByteBuffer(bytes: try JSONEncoder().encode(resource))))
        try await Self.check(started, subject: .bucket)
        _ = try await Self.collect(started)
        guard let session = started.headers.first(name: "Location") else {
            throw StorageError.backend(code: "MalformedResponse", message: "the resumable upload of \(resource.name) got no session")
        }
        var upload = GCSResumableUpload(size: file.size, chunkSize: chunkSize)
        do {
            while true {
                let chunk = upload.nextChunk
                let response = try await send(
                    .PUT, url: session, headers: [("Content-Range", chunk.contentRange)],
                    body: .stream(FileChunks(path: file.path, offset: chunk.offset, length: chunk.length), length: .known(chunk.length)))
                if response.status.code == 308 {
                    _ = try await Self.collect(response)
                    try upload.resumeIncomplete(range: response.headers.first(name: "Range"))
                    continue
                }
                try await Self.check(response, subject: .uploadSession)
                return try GCSJSON.decode(GCSJSON.Object.self, from: try await Self.collect(response))
            }
        } catch {
            // Cancelling a session is answered with 499; the error that stopped the upload is the one to report.
            _ = try? await send(.DELETE, url: session)
            throw error
        }
    }

    // MARK: Requests

    private func objectURL(_ name: String, query: [(String, String)] = []) -> String {
        url("/storage/v1/b/\(Self.escape(bucket))/o/\(Self.escape(name))", query: query)
    }

    private func uploadURL(type: String) -> String {
        url("/upload/storage/v1/b/\(Self.escape(bucket))/o", query: [("uploadType", type)])
    }

    private func url(_ path: String, query: [(String, String)]) -> String {
        let authority = endpoint.port.map { "\(endpoint.host):\($0)" } ?? endpoint.host
        let queryString = query.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
        return "\(endpoint.scheme)://\(authority)\(path)\(queryString.isEmpty ? "" : "?\(queryString)")"
    }

    /// Sends one request with the bearer token (unless anonymous), the User-Agent and the timeout.
    private func send(
        _ method: HTTPMethod, url: String, headers: [(String, String)] = [], body: HTTPClientRequest.Body? = nil
    ) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "User-Agent", value: "trainyard-storage/1")
        if let tokens {
            request.headers.add(name: "Authorization", value: try await Self.authorization(from: tokens))
        }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = body }
        do {
            return try await client.execute(request, timeout: timeout)
        } catch {
            throw StorageError.backend(code: "RequestFailed", message: "\(method) \(endpoint.host): \(error)")
        }
    }

    /// `Bearer <token>`; a refused credential is `InvalidCredentials`, any other failure `TokenUnavailable`.
    private static func authorization(from tokens: any GCSAccessTokenSource) async throws -> String {
        let token: AccessToken
        do {
            token = try await tokens.accessToken()
        } catch let error as TokenError where error.category == .credentials {
            throw StorageError.backend(code: "InvalidCredentials", message: error.description)
        } catch {
            throw StorageError.backend(code: "TokenUnavailable", message: "no GCS access token: \(error)")
        }
        guard let value = token.authorizationHeaderValue.revealedString else {
            throw StorageError.backend(code: "TokenUnavailable", message: "the GCS access token is not UTF-8 text")
        }
        return value
    }

    /// Turns an error answer into ``StorageError`` (see ``GCSErrorMapping``).
    private static func check(_ response: HTTPClientResponse, subject: GCSErrorMapping.Subject) async throws {
        guard !(200..<300).contains(Int(response.status.code)) else { return }
        let body = (try? await collect(response)) ?? Data()
        throw GCSErrorMapping.error(status: Int(response.status.code), body: body, subject: subject)
    }

    private static func collect(_ response: HTTPClientResponse) async throws -> Data {
        var buffer = try await response.body.collect(upTo: 16 << 20)
        return Data(buffer.readBytes(length: buffer.readableBytes) ?? [])
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters, so an object name (slashes
    /// included) is one path segment.
    static func escape(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded += String(format: "%%%02X", byte)
            }
        }
        return encoded
    }
}
