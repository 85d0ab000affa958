import AsyncHTTPClient
import Credentials
import Foundation
import NIOCore
import NIOHTTP1
#if canImport(Glibc)
import Glibc
#endif

/// Amazon S3 and S3-compatible endpoints, signed with SigV4.
///
/// Uploads stream from a file: a first pass hashes it (the SHA-256 becomes the signed payload hash and the
/// `x-amz-meta-sha256` checksum that downloads verify), then files up to ``multipartThreshold`` go in one
/// PutObject and larger ones as a multipart upload with ``parallelParts`` parts in flight, aborted on failure.
/// A stream of chunks is spooled to a temporary file first, so memory stays bounded by the parts in flight.
public struct S3Storage: StorageBackend {
    public let bucket: String
    /// The bytes of each multipart part (S3 requires at least 5 MiB, except the last).
    public let partSize: Int
    /// Files larger than this are uploaded in parts.
    public let multipartThreshold: Int64
    /// Parts uploaded at once.
    public let parallelParts: Int
    private let presigner: S3Presigner
    private let signer: AWSSigV4Signer
    private let client: HTTPClient
    private let timeout: TimeAmount
    private let temporaryFolder: String

    /// Creates a backend for one bucket.
    ///
    /// - Parameters:
    ///   - endpoint: an S3-compatible endpoint (a local peer, a sovereign region); `nil` for AWS's own.
    ///   - client: the HTTP client to use; the caller shuts it down.
    public init(
        bucket: String, region: String, credentials: AWSCredentials, endpoint: S3Endpoint? = nil,
        addressingStyle: S3AddressingStyle = .automatic, client: HTTPClient, partSize: Int = 8 << 20,
        multipartThreshold: Int64 = 16 << 20, parallelParts: Int = 4, timeout: TimeAmount = .seconds(60),
        temporaryFolder: String = NSTemporaryDirectory()
    ) {
        self.bucket = bucket
        self.partSize = max(5 << 20, partSize)
        self.multipartThreshold = max(Int64(self.partSize), multipartThreshold)
        self.parallelParts = max(1, parallelParts)
        presigner = S3Presigner(credentials: credentials, region: region, endpoint: endpoint, addressingStyle: addressingStyle)
        signer = AWSSigV4Signer(credentials: credentials, region: region, service: "s3")
        self.client = client
        self.timeout = timeout
        self.temporaryFolder = temporaryFolder
    }

    // MARK: StorageBackend

    public func put(_ key: StorageKey, from source: StorageSource, contentType: String?, metadata: [String: String]) async throws -> ObjectInfo {
        let file = try await UploadFile.prepare(source, temporaryFolder: temporaryFolder)
        defer { file.discard() }
        var headers = metadata.sorted { $0.key < $1.key }.map { AWSSigV4Request.Field("x-amz-meta-\($0.key.lowercased())", $0.value) }
        headers.append(.init("x-amz-meta-sha256", file.sha256))
        if let contentType { headers.append(.init("Content-Type", contentType)) }
        if file.size <= multipartThreshold {
            let body = HTTPClientRequest.Body.stream(FileChunks(path: file.path, offset: 0, length: file.size), length: .known(file.size))
            let response = try await send("PUT", key: key.fullKey, query: [], headers: headers, body: body, payloadHash: file.sha256,
                                          contentLength: file.size)
            try await Self.check(response, key: key.fullKey)
        } else {
            try await multipartUpload(key, path: file.path, size: file.size, headers: headers)
        }
        return try await head(key)
    }

    public func get(_ key: StorageKey, to file: String) async throws -> ObjectInfo {
        let response = try await send("GET", key: key.fullKey, query: [], headers: [], body: nil)
        try await Self.check(response, key: key.fullKey)
        let info = try Self.info(from: response.headers, key: key.fullKey)
        try await VerifiedDownload.receive(response.body, to: file, key: key.fullKey, expectedSHA256: info.sha256)
        return info
    }

    public func head(_ key: StorageKey) async throws -> ObjectInfo {
        let response = try await send("HEAD", key: key.fullKey, query: [], headers: [], body: nil)
        try await Self.check(response, key: key.fullKey)
        return try Self.info(from: response.headers, key: key.fullKey)
    }

    public func delete(_ key: StorageKey) async throws {
        let response = try await send("DELETE", key: key.fullKey, query: [], headers: [], body: nil)
        guard response.status == .notFound else {
            try await Self.check(response, key: key.fullKey)
            return
        }
    }

    public func list(organization: String, prefix: String) -> AsyncThrowingStream<ObjectInfo, any Error> {
        let prefix = StorageKey.prefix(of: organization) + prefix
        return ListingPager.stream(organization: organization) { try await listPage(prefix: prefix, continuation: $0) }
    }

    public func presignedURL(for key: StorageKey, method: PresignMethod, expiresIn: Int, now: Date) throws -> String {
        let request: S3PresignRequest = method == .get
            ? .getObject(bucket: bucket, key: key.fullKey) : .putObject(bucket: bucket, key: key.fullKey)
        return try presigner.presignedURL(for: request, date: now, expiresIn: expiresIn).url
    }

    // MARK: Listing

    /// One page of ListObjectsV2: objects and the token of the next page.
    func listPage(prefix: String, continuation: String?, pageSize: Int = 1000) async throws -> (objects: [ObjectInfo], next: String?) {
        var query = [AWSSigV4Request.Field("list-type", "2"), .init("prefix", prefix), .init("max-keys", String(pageSize))]
        if let continuation { query.append(.init("continuation-token", continuation)) }
        let response = try await send("GET", key: "", query: query, headers: [], body: nil)
        try await Self.check(response, key: prefix)
        let data = try await Self.collect(response)
        guard let page = S3XML.listing(data) else { throw StorageError.backend(code: "MalformedXML", message: "unreadable ListObjectsV2 answer") }
        let objects = page.objects.map { object in
            ObjectInfo(key: object.key, size: object.size, sha256: nil, contentType: nil, metadata: [:],
                       modified: Self.iso8601(object.modified) ?? Date(timeIntervalSince1970: 0))
        }
        return (objects, page.next)
    }

    // MARK: Uploads

    private func multipartUpload(_ key: StorageKey, path: String, size: Int64, headers: [AWSSigV4Request.Field]) async throws {
        let created = try await send("POST", key: key.fullKey, query: [.init("uploads", "")], headers: headers, body: .bytes(ByteBuffer()))
        try await Self.check(created, key: key.fullKey)
        guard let uploadID = AWSXML.first("UploadId", in: try await Self.collect(created)) else {
            throw StorageError.backend(code: "MalformedXML", message: "CreateMultipartUpload returned no UploadId")
        }
        do {
            let partCount = Int((size + Int64(partSize) - 1) / Int64(partSize))
            var etags = [String](repeating: "", count: partCount)
            try await withThrowingTaskGroup(of: (Int, String).self) { group in
                var next = 0
                func start(_ index: Int) {
                    group.addTask { (index, try await uploadPart(key, path: path, uploadID: uploadID, index: index, size: size)) }
                }
                while next < min(parallelParts, partCount) { start(next); next += 1 }
                while let (index, etag) = try await group.next() {
                    etags[index] = etag
                    if next < partCount { start(next); next += 1 }
                }
            }
            let parts = etags.enumerated().map { "<Part><PartNumber>\($0.offset + 1)</PartNumber><ETag>\($0.element)</ETag></Part>" }
            let document = Array("<CompleteMultipartUpload>\(parts.joined())</CompleteMultipartUpload>".utf8)
            let completed = try await send("POST", key: key.fullKey, query: [.init("uploadId", uploadID)], headers: [],
                                           body: .bytes(ByteBuffer(bytes: document)), payloadHash: Hex.encode(try SHA256.hash(document)),
                                           contentLength: Int64(document.count))
            try await Self.check(completed, key: key.fullKey)
            // S3 can answer 200 with an error document when completion fails late.
            let answer = try await Self.collect(completed)
            if let error = AWSXML.error(answer) { throw StorageError.backend(code: error.code, message: error.message) }
        } catch {
            _ = try? await send("DELETE", key: key.fullKey, query: [.init("uploadId", uploadID)], headers: [], body: nil)
            throw error
        }
    }

    /// Uploads one part straight from the file: hashed in a first pass, then streamed, so a part never sits in memory.
    private func uploadPart(_ key: StorageKey, path: String, uploadID: String, index: Int, size: Int64) async throws -> String {
        let offset = Int64(index) * Int64(partSize)
        let length = min(Int64(partSize), size - offset)
        let digest = try Self.hashFile(path, offset: offset, length: length)
        let response = try await send(
            "PUT", key: key.fullKey, query: [.init("partNumber", String(index + 1)), .init("uploadId", uploadID)], headers: [],
            body: .stream(FileChunks(path: path, offset: offset, length: length), length: .known(length)),
            payloadHash: digest, contentLength: length)
        try await Self.check(response, key: key.fullKey)
        guard let etag = response.headers.first(name: "ETag") else {
            throw StorageError.backend(code: "MissingETag", message: "UploadPart returned no ETag for part \(index + 1)")
        }
        return etag
    }

    // MARK: Requests

    /// Signs and sends one request to the bucket (`key` empty for bucket-level operations).
    private func send(
        _ method: String, key: String, query: [AWSSigV4Request.Field], headers: [AWSSigV4Request.Field],
        body: HTTPClientRequest.Body?, payloadHash: String? = nil, contentLength: Int64? = nil
    ) async throws -> HTTPClientResponse {
        let location = presigner.location(bucket: bucket, key: key)
        var fields = headers + [.init("Host", location.host)]
        if let contentLength { fields.append(.init("Content-Length", String(contentLength))) }
        let unsigned = AWSSigV4Request(method: method, path: location.path, query: query, headers: fields)
        let payload: AWSPayload = payloadHash.map(AWSPayload.precomputedSHA256) ?? .bytes([])
        let signed = try signer.signHeaders(unsigned, payload: payload, date: Date(), addContentSHA256Header: true)
        let queryString = AWSSigV4Signer.canonicalQueryString(query)
        var request = HTTPClientRequest(url: "\(location.scheme)://\(location.host)\(location.path)\(queryString.isEmpty ? "" : "?\(queryString)")")
        request.method = HTTPMethod(rawValue: method)
        for field in signed.request.headers where field.name.lowercased() != "host" {
            request.headers.add(name: field.name, value: field.value)
        }
        request.headers.add(name: "User-Agent", value: "trainyard-storage/1")
        if let body { request.body = body }
        do {
            return try await client.execute(request, timeout: timeout)
        } catch {
            throw StorageError.backend(code: "RequestFailed", message: "\(method) \(location.host): \(error)")
        }
    }

    /// Turns an error answer into ``StorageError``.
    private static func check(_ response: HTTPClientResponse, key: String) async throws {
        guard !(200..<300).contains(Int(response.status.code)) else { return }
        // The body can be read once: a 404 for the object (not the bucket) is `notFound`, the rest keep S3's code.
        let parsed = (try? await collect(response)).flatMap(AWSXML.error)
        if response.status == .notFound, parsed?.code != "NoSuchBucket" {
            throw StorageError.notFound(key)
        }
        let error = parsed ?? ("HTTP\(response.status.code)", response.status.reasonPhrase)
        throw StorageError.backend(code: error.code, message: error.message)
    }

    private static func collect(_ response: HTTPClientResponse) async throws -> Data {
        var buffer = try await response.body.collect(upTo: 16 << 20)
        return Data(buffer.readBytes(length: buffer.readableBytes) ?? [])
    }

    private static func info(from headers: HTTPHeaders, key: String) throws -> ObjectInfo {
        var metadata: [String: String] = [:]
        for header in headers where header.name.lowercased().hasPrefix("x-amz-meta-") {
            metadata[String(header.name.lowercased().dropFirst("x-amz-meta-".count))] = header.value
        }
        let checksum = metadata.removeValue(forKey: "sha256")
        let modified = headers.first(name: "Last-Modified").flatMap(HTTPDate.parse) ?? Date(timeIntervalSince1970: 0)
        return ObjectInfo(key: key, size: Int64(headers.first(name: "Content-Length") ?? "") ?? 0, sha256: checksum,
                          contentType: headers.first(name: "Content-Type"), metadata: metadata, modified: modified)
    }

    /// The hex SHA-256 of `length` bytes of the file at `offset` (one multipart part), read 1 MiB at a time.
    private static func hashFile(_ path: String, offset: Int64, length: Int64) throws -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StorageError.io("cannot open \(path): \(POSIXFile.errorText())") }
        defer { close(descriptor) }
        var hash = try SHA256()
        var position = offset
        while position < offset + length {
            let chunk = try POSIXFile.read(descriptor, at: position, count: Int(min(1 << 20, offset + length - position)))
            try hash.update(chunk)
            position += Int64(chunk.count)
        }
        return Hex.encode(try hash.finalize())
    }

    private static func iso8601(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }
}
