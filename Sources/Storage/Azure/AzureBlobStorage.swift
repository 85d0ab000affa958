import AsyncHTTPClient
import Credentials
import Foundation
import NIOCore
import NIOHTTP1

/// Azure Blob Storage: block blobs in one container, over the Blob service REST API (version
/// ``AzureBlobSASSigner/serviceVersion``), authorized with Shared Key or a SAS token.
///
/// Uploads stream: the source is read in blocks of ``blockSize`` while it is hashed. Content up to
/// ``singleUploadLimit`` bytes goes up in one Put Blob; larger content as Put Block requests with
/// ``parallelBlocks`` in flight, committed by one Put Block List. The SHA-256 is stored as the `sha256`
/// metadata, which downloads verify. The service has no call to abort an upload in blocks: blocks of a failed
/// upload stay uncommitted, invisible, and are garbage-collected by the service after a week.
public struct AzureBlobStorage: StorageBackend {
    /// The container holding every object.
    public let container: String
    /// The Blob service URL without a trailing slash, e.g. `https://<account>.blob.core.windows.net`.
    public let endpoint: String
    /// The bytes of each block of an upload in blocks.
    public let blockSize: Int
    /// Content up to this size is uploaded in one request.
    public let singleUploadLimit: Int
    /// Blocks uploaded at once.
    public let parallelBlocks: Int
    /// The most blobs one List Blobs request asks for.
    public let listPageSize: Int
    private let authorization: AzureBlobAuthorization
    private let client: HTTPClient
    private let timeout: TimeAmount

    /// Creates a backend for one container.
    ///
    /// - Parameters:
    ///   - container: an existing container.
    ///   - authorization: Shared Key (which also signs presigned URLs) or a SAS token.
    ///   - endpoint: the Blob service URL; `nil` for `https://<account>.blob.core.windows.net`. A path names the
    ///     account on emulator-style endpoints: `http://127.0.0.1:10000/devstoreaccount1`.
    ///   - client: the HTTP client to use; the caller shuts it down.
    ///   - blockSize: bytes per block, 1 to 4000 MiB (a blob holds at most 50,000 blocks).
    ///   - singleUploadLimit: the largest content sent in one Put Blob, at most 5000 MiB.
    ///   - parallelBlocks: blocks uploaded at once.
    ///   - listPageSize: blobs per List Blobs page, 1 to 5000.
    ///   - timeout: the limit for each request.
    /// - Throws: ``AzureSigningError/invalidRequest(_:)`` when `endpoint` is not an `http` or `https` URL
    ///   without user, query or fragment.
    public init(
        container: String, authorization: AzureBlobAuthorization, endpoint: String? = nil, client: HTTPClient,
        blockSize: Int = 8 << 20, singleUploadLimit: Int = 16 << 20, parallelBlocks: Int = 4, listPageSize: Int = 5000,
        timeout: TimeAmount = .seconds(60)
    ) throws {
        var endpoint = endpoint ?? "https://\(authorization.accountName).blob.core.windows.net"
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        guard let parts = URLComponents(string: endpoint), ["http", "https"].contains(parts.scheme?.lowercased()),
              parts.host?.isEmpty == false, parts.user == nil, parts.query == nil, parts.fragment == nil else {
            throw AzureSigningError.invalidRequest("endpoint \(endpoint): expected http(s)://host[:port][/path]")
        }
        self.container = container
        self.endpoint = endpoint
        self.blockSize = min(max(1, blockSize), 4000 << 20)
        self.singleUploadLimit = min(max(0, singleUploadLimit), 5000 << 20)
        self.parallelBlocks = max(1, parallelBlocks)
        self.listPageSize = min(max(1, listPageSize), 5000)
        self.authorization = authorization
        self.client = client
        self.timeout = timeout
    }

    // MARK: StorageBackend

    public func put(_ key: StorageKey, from source: StorageSource, contentType: String?, metadata: [String: String]) async throws -> ObjectInfo {
        let reader = try BlockReader(source, blockSize: blockSize)
        // Read ahead until the content is known to fit in one request, or known not to.
        var leading: [[UInt8]] = []
        var size = 0
        while size <= singleUploadLimit, let block = try await reader.next() {
            leading.append(block)
            size += block.count
        }
        var headers = metadata.filter { $0.key.lowercased() != "sha256" }.sorted { $0.key < $1.key }
            .map { ("x-ms-meta-\($0.key.lowercased())", $0.value) }
        if let contentType { headers.append(("x-ms-blob-content-type", contentType)) }
        let response: HTTPClientResponse
        if size <= singleUploadLimit {
            headers += [("x-ms-meta-sha256", try reader.sha256()), ("x-ms-blob-type", "BlockBlob")]
            response = try await send(.PUT, blob: key.fullKey, headers: headers, body: Array(leading.joined()))
        } else {
            let blockIDs = try await putBlocks(key, leading: leading, rest: reader)
            headers += [("x-ms-meta-sha256", try reader.sha256()), ("Content-Type", "application/xml")]
            response = try await send(.PUT, blob: key.fullKey, query: [("comp", "blocklist")], headers: headers,
                                      body: AzureBlobXML.blockList(blockIDs))
        }
        try await Self.check(response, key: key.fullKey)
        return try await head(key)
    }

    public func get(_ key: StorageKey, to file: String) async throws -> ObjectInfo {
        let response = try await send(.GET, blob: key.fullKey)
        try await Self.check(response, key: key.fullKey)
        let info = Self.info(from: response.headers, key: key.fullKey)
        try await VerifiedDownload.receive(response.body, to: file, key: key.fullKey, expectedSHA256: info.sha256)
        return info
    }

    public func head(_ key: StorageKey) async throws -> ObjectInfo {
        let response = try await send(.HEAD, blob: key.fullKey)
        try await Self.check(response, key: key.fullKey)
        return Self.info(from: response.headers, key: key.fullKey)
    }

    public func delete(_ key: StorageKey) async throws {
        let response = try await send(.DELETE, blob: key.fullKey)
        do {
            try await Self.check(response, key: key.fullKey)
        } catch StorageError.notFound {
            return
        }
    }

    public func list(organization: String, prefix: String) -> AsyncThrowingStream<ObjectInfo, any Error> {
        let prefix = StorageKey.prefix(of: organization) + prefix
        return ListingPager.stream(organization: organization) { try await listPage(prefix: prefix, marker: $0) }
    }

    /// A service SAS URL for the blob: `sp=r` for GET, `sp=cw` for PUT (whose uploader must send
    /// `x-ms-blob-type: BlockBlob`), HTTPS only unless the endpoint is `http`.
    ///
    /// - Throws: ``AzureSigningError/invalidRequest(_:)`` when the backend authorizes with a SAS token (a service
    ///   SAS needs the account key) or `expiresIn` is not positive.
    public func presignedURL(for key: StorageKey, method: PresignMethod, expiresIn: Int, now: Date) throws -> String {
        guard case .sharedKey(let account) = authorization else {
            throw AzureSigningError.invalidRequest("presigned URLs need the account key; this backend has a SAS token")
        }
        guard expiresIn > 0 else { throw AzureSigningError.invalidRequest("expiresIn must be positive, got \(expiresIn)") }
        let request = AzureBlobSASRequest(
            resource: .blob(container: container, blob: key.fullKey), permissions: method == .get ? "r" : "cw",
            expiry: .date(now.addingTimeInterval(TimeInterval(expiresIn))),
            allowedProtocols: endpoint.lowercased().hasPrefix("https:") ? "https" : "https,http")
        return try AzureBlobSASSigner(account: account, endpoint: endpoint).sas(for: request).url
    }

    // MARK: Listing

    /// One page of List Blobs with metadata: the blobs and the marker of the next page.
    private func listPage(prefix: String, marker: String?) async throws -> ListingPager.Page {
        var query = [("restype", "container"), ("comp", "list"), ("prefix", prefix), ("maxresults", String(listPageSize)),
                     ("include", "metadata")]
        if let marker { query.append(("marker", marker)) }
        let response = try await send(.GET, blob: nil, query: query)
        try await Self.check(response, key: prefix)
        guard let page = AzureBlobXML.listing(try await Self.collect(response)) else {
            throw StorageError.backend(code: "MalformedXML", message: "unreadable List Blobs answer")
        }
        return (page.blobs, page.next)
    }

    // MARK: Blocks

    /// Uploads the blocks already read and then the rest of the source, `parallelBlocks` at a time; returns the
    /// block ids in order. Ids are the base64 of the upload's UUID and the block's index: all of one length, as
    /// the service requires, and distinct from a concurrent upload's.
    private func putBlocks(_ key: StorageKey, leading: [[UInt8]], rest reader: BlockReader) async throws -> [String] {
        let upload = UUID().uuidString
        var queued = leading[...]
        var blockIDs: [String] = []
        try await withThrowingTaskGroup(of: Void.self) { group in
            while let block = try await (queued.isEmpty ? reader.next() : queued.popFirst()) {
                let blockID = Self.blockID(upload: upload, index: blockIDs.count)
                blockIDs.append(blockID)
                if blockIDs.count > parallelBlocks { try await group.next() }
                group.addTask {
                    let response = try await send(.PUT, blob: key.fullKey, query: [("comp", "block"), ("blockid", blockID)], body: block)
                    try await Self.check(response, key: key.fullKey)
                }
            }
            try await group.waitForAll()
        }
        return blockIDs
    }

    /// The base64 of `<upload UUID>-<index, six digits>`.
    private static func blockID(upload: String, index: Int) -> String {
        let digits = String(index)
        return Base64.encode(Array("\(upload)-\(String(repeating: "0", count: max(0, 6 - digits.count)))\(digits)".utf8))
    }

    // MARK: Requests

    /// Sends one request for the container (`blob` nil) or a blob, authorized as configured.
    private func send(
        _ method: HTTPMethod, blob: String?, query: [(String, String)] = [], headers: [(String, String)] = [],
        body: [UInt8]? = nil
    ) async throws -> HTTPClientResponse {
        var url = "\(endpoint)/\(Self.encode(container))"
        if let blob { url += "/" + Self.encode(blob, keepingSlashes: true) }
        var parameters = query.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }
        var fields = headers.map { AzureSharedKeyRequest.Header($0.0, $0.1) }
        fields += [.init("x-ms-date", HTTPDate.format(Date())), .init("x-ms-version", AzureBlobSASSigner.serviceVersion)]
        if let body { fields.append(.init("Content-Length", String(body.count))) }
        switch authorization {
        case .sharedKey(let account):
            let unsigned = AzureSharedKeyRequest(method: method.rawValue, url: Self.joined(url, parameters), headers: fields)
            fields.append(.init("Authorization", try AzureSharedKeySigner(account: account).authorization(for: unsigned)))
        case .sharedAccessSignature(_, let token):
            var text = token.revealedString ?? ""
            if text.hasPrefix("?") { text.removeFirst() }
            parameters.append(text)
        }
        var request = HTTPClientRequest(url: Self.joined(url, parameters))
        request.method = method
        for field in fields { request.headers.add(name: field.name, value: field.value) }
        request.headers.add(name: "User-Agent", value: "trainyard-storage/1")
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            return try await client.execute(request, timeout: timeout)
        } catch {
            throw StorageError.backend(code: "RequestFailed", message: "\(method) \(container)/\(blob ?? ""): \(error)")
        }
    }

    private static func joined(_ url: String, _ parameters: [String]) -> String {
        parameters.isEmpty ? url : "\(url)?\(parameters.joined(separator: "&"))"
    }

    /// Percent-encodes every byte but `A-Z a-z 0-9 - . _ ~` (and `/` when `keepingSlashes`), as the SAS URLs do.
    private static func encode(_ text: String, keepingSlashes: Bool = false) -> String {
        text.addingPercentEncoding(withAllowedCharacters: keepingSlashes ? pathCharacters : unreservedCharacters) ?? text
    }

    private static let unreservedCharacters = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    private static let pathCharacters = unreservedCharacters.union(CharacterSet(charactersIn: "/"))

    /// Turns an error answer into ``StorageError``: a 404 other than `ContainerNotFound` is ``StorageError/notFound(_:)``,
    /// 401 and 403 are ``StorageError/credentials(code:message:)``, the rest ``StorageError/backend(code:message:)``, with
    /// the service's `x-ms-error-code` (HEAD answers have no body) or the code of its XML error document.
    static func check(_ response: HTTPClientResponse, key: String) async throws {
        let status = Int(response.status.code)
        guard !(200..<300).contains(status) else { return }
        let document = (try? await collect(response)).flatMap(AzureBlobXML.error)
        let code = response.headers.first(name: "x-ms-error-code") ?? document?.code ?? "HTTP\(status)"
        let message = document?.message ?? response.status.reasonPhrase
        switch status {
        case 404 where code != "ContainerNotFound": throw StorageError.notFound(key)
        case 401, 403: throw StorageError.credentials(code: code, message: message)
        default: throw StorageError.backend(code: code, message: message)
        }
    }

    private static func collect(_ response: HTTPClientResponse) async throws -> Data {
        var buffer = try await response.body.collect(upTo: 16 << 20)
        return Data(buffer.readBytes(length: buffer.readableBytes) ?? [])
    }

    /// Size, checksum (the `sha256` metadata), content type, modification time and metadata from Get Blob or
    /// Get Blob Properties headers.
    private static func info(from headers: HTTPHeaders, key: String) -> ObjectInfo {
        var metadata: [String: String] = [:]
        for header in headers where header.name.lowercased().hasPrefix("x-ms-meta-") {
            metadata[String(header.name.lowercased().dropFirst("x-ms-meta-".count))] = header.value
        }
        let checksum = metadata.removeValue(forKey: "sha256")
        let modified = headers.first(name: "Last-Modified").flatMap(HTTPDate.parse) ?? Date(timeIntervalSince1970: 0)
        return ObjectInfo(key: key, size: Int64(headers.first(name: "Content-Length") ?? "") ?? 0, sha256: checksum,
                          contentType: headers.first(name: "Content-Type"), metadata: metadata, modified: modified)
    }
}
