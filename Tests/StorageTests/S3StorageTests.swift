import AsyncHTTPClient
import Credentials
import Foundation
@testable import Storage
import Testing
import TestSupport

/// S3 against a real moto server with authentication enforced.
@Suite("S3 backend against moto", .serialized, .enabled(if: MotoServer.isAvailable, "moto[server] is installed in the test venv by make test"))
final class S3StorageTests {
    let moto: MotoServer
    let client = HTTPClient(eventLoopGroupProvider: .singleton)

    init() async throws {
        moto = try await MotoServer.start(buckets: ["trainyard-test"])
    }

    deinit {
        try? client.syncShutdown()
    }

    func storage(secret: String? = nil, partSize: Int = 5 << 20) throws -> S3Storage {
        S3Storage(bucket: "trainyard-test", region: "us-east-1",
                  credentials: AWSCredentials(accessKeyID: moto.accessKeyID, secretAccessKey: secret ?? moto.secretAccessKey),
                  endpoint: try S3Endpoint(url: moto.endpoint), addressingStyle: .path, client: client,
                  partSize: partSize, multipartThreshold: Int64(partSize))
    }

    func key(_ path: String) throws -> StorageKey { try StorageKey(organization: "acme", path: path) }

    @Test("put, head, get and delete round trip with checksum and metadata")
    func roundTrip() async throws {
        let s3 = try storage()
        let content = Array("checkpoint bytes ".utf8) + (0..<100_000).map { UInt8(truncatingIfNeeded: $0) }
        let stored = try await s3.put(try key("runs/r1/model.bin"), from: .bytes(content), contentType: "application/octet-stream", metadata: ["job": "j-1"])
        #expect(stored.size == Int64(content.count))
        #expect(stored.sha256 == Hex.encode(try SHA256.hash(content)))
        #expect(stored.metadata == ["job": "j-1"])
        #expect(stored.contentType == "application/octet-stream")
        let destination = "\(try Repository.temporaryFolder("s3"))/model.bin"
        _ = try await s3.get(try key("runs/r1/model.bin"), to: destination)
        #expect(FileManager.default.contents(atPath: destination) == Data(content))
        try await s3.delete(try key("runs/r1/model.bin"))
        await #expect(throws: StorageError.notFound("orgs/acme/runs/r1/model.bin")) { try await s3.head(try key("runs/r1/model.bin")) }
    }

    @Test("a file larger than the part size goes up as a multipart upload and comes back identical")
    func multipart() async throws {
        let s3 = try storage()
        let folder = try Repository.temporaryFolder("s3")
        let source = "\(folder)/big.bin"
        var generator = SystemRandomNumberGenerator()
        let content = (0..<(12 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        _ = FileManager.default.createFile(atPath: source, contents: Data(content))
        let stored = try await s3.put(try key("datasets/big.bin"), from: .file(source), contentType: nil, metadata: [:])
        #expect(stored.size == Int64(content.count))
        let digest = Hex.encode(try SHA256.hash(content))
        #expect(stored.sha256 == digest)
        _ = try await s3.get(try key("datasets/big.bin"), to: "\(folder)/back.bin")
        let back = try #require(FileManager.default.contents(atPath: "\(folder)/back.bin"))
        #expect(Hex.encode(try SHA256.hash(Array(back))) == digest)
    }

    @Test("a streamed upload is stored whole")
    func streamed() async throws {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: [UInt8].self)
        for index in 0..<10 { continuation.yield([UInt8](repeating: UInt8(index), count: 1000)) }
        continuation.finish()
        let stored = try await storage().put(try key("logs/train.log"), from: .chunks(stream), contentType: "text/plain", metadata: [:])
        #expect(stored.size == 10_000)
    }

    @Test("a wrong secret is refused with SignatureDoesNotMatch")
    func wrongSecret() async throws {
        let error = await #expect(throws: StorageError.self) {
            try await self.storage(secret: "not-the-secret").put(try self.key("x.txt"), from: .bytes([1, 2, 3]), contentType: nil, metadata: [:])
        }
        guard case .backend(let code, _)? = error else {
            Issue.record("expected a backend error, got \(String(describing: error))")
            return
        }
        #expect(code == "SignatureDoesNotMatch")
    }

    @Test("listing pages through ListObjectsV2 in key order, only under the organization's prefix")
    func listing() async throws {
        let s3 = try storage()
        for name in ["c", "a", "b", "d", "e"] {
            _ = try await s3.put(try key("list/\(name).txt"), from: .bytes(Array(name.utf8)), contentType: nil, metadata: [:])
        }
        _ = try await s3.put(try StorageKey(organization: "globex", path: "list/z.txt"), from: .bytes([0]), contentType: nil, metadata: [:])
        let first = try await s3.listPage(prefix: "orgs/acme/list/", continuation: nil, pageSize: 2)
        #expect(first.objects.map(\.key) == ["orgs/acme/list/a.txt", "orgs/acme/list/b.txt"])
        #expect(first.next != nil)
        var all: [String] = []
        for try await object in s3.list(organization: "acme", prefix: "list/") { all.append(object.key) }
        #expect(all == ["a", "b", "c", "d", "e"].map { "orgs/acme/list/\($0).txt" })
    }

    /// moto cannot serve presigned URLs while authentication is on (it looks for an Authorization header and
    /// fails with HTTP 500, for botocore's URLs too), so this checks the addressing; the signatures are checked
    /// byte for byte against botocore's vectors in the Credentials tests.
    @Test("presigned URLs address the object the way requests do")
    func presignedAddressing() throws {
        let url = try storage().presignedURL(for: try key("share/read me.txt"), method: .get, expiresIn: 300, now: Date())
        #expect(url.hasPrefix("\(moto.endpoint)/trainyard-test/orgs/acme/share/read%20me.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&"))
        #expect(url.contains("X-Amz-Expires=300&"))
    }
}
