import AsyncHTTPClient
import Credentials
import Foundation
import NIOCore
@testable import Storage
import Testing
import TestSupport

/// The Azure Blob backend against the local peer, which authorizes every request with azure-storage-blob's own
/// Shared Key policy and SAS generator: a request whose signature differs from the SDK's is refused, so every
/// request that succeeds here was signed exactly as the SDK signs it.
@Suite(
    "Azure Blob backend against the SDK-verifying peer", .serialized,
    .enabled(if: AzureBlobPeer.isAvailable, "azure-storage-blob is installed in the test venv by make test (scripts/deps.sh --python)")
)
final class AzureBlobStorageTests {
    let peer: AzureBlobPeer
    let client = HTTPClient(eventLoopGroupProvider: .singleton)
    static let container = "trainyard-test"

    init() async throws {
        peer = try await AzureBlobPeer.start(containers: [Self.container], blockDelay: 0.05)
    }

    deinit {
        try? client.syncShutdown()
    }

    func account(key: String = AzureBlobPeer.accountKey) throws -> AzureStorageAccountKey {
        try AzureStorageAccountKey(accountName: AzureBlobPeer.accountName, base64Key: key)
    }

    func storage(
        authorization: AzureBlobAuthorization? = nil, container: String = AzureBlobStorageTests.container, blockSize: Int = 64 << 10,
        singleUploadLimit: Int = 128 << 10, listPageSize: Int = 5000, timeout: TimeAmount = .seconds(30)
    ) throws -> AzureBlobStorage {
        try AzureBlobStorage(container: container, authorization: authorization ?? .sharedKey(try account()), endpoint: peer.endpoint,
                             client: client, blockSize: blockSize, singleUploadLimit: singleUploadLimit, parallelBlocks: 4,
                             listPageSize: listPageSize, timeout: timeout)
    }

    func key(_ path: String, organization: String = "acme") throws -> StorageKey { try StorageKey(organization: organization, path: path) }

    func temporaryFile(_ content: [UInt8]) throws -> String {
        let path = "\(try Repository.temporaryFolder("azure"))/source.bin"
        try Data(content).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func random(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    @Test("put, head, get and delete round trip with checksum, metadata and content type")
    func roundTrip() async throws {
        let azure = try storage()
        let content = Array("checkpoint bytes ".utf8) + (0..<100_000).map { UInt8(truncatingIfNeeded: $0) }
        let stored = try await azure.put(try key("runs/r1/model.bin"), from: .bytes(content), contentType: "application/x-checkpoint",
                                         metadata: ["Job": "j-1", "epoch_count": "12"])
        #expect(stored.key == "orgs/acme/runs/r1/model.bin")
        #expect(stored.size == Int64(content.count))
        #expect(stored.sha256 == Hex.encode(try SHA256.hash(content)))
        #expect(stored.metadata == ["job": "j-1", "epoch_count": "12"])
        #expect(stored.contentType == "application/x-checkpoint")
        #expect(abs(stored.modified.timeIntervalSinceNow) < 60)

        let destination = "\(try Repository.temporaryFolder("azure"))/model.bin"
        let fetched = try await azure.get(try key("runs/r1/model.bin"), to: destination)
        #expect(fetched == stored)
        #expect(FileManager.default.contents(atPath: destination) == Data(content))

        try await azure.delete(try key("runs/r1/model.bin"))
        await #expect(throws: StorageError.notFound("orgs/acme/runs/r1/model.bin")) { try await azure.head(try self.key("runs/r1/model.bin")) }
        await #expect(throws: StorageError.notFound("orgs/acme/runs/r1/model.bin")) {
            try await azure.get(try self.key("runs/r1/model.bin"), to: destination + ".again")
        }
        try await azure.delete(try key("runs/r1/model.bin"))

        let requests = try peer.requests()
        #expect(requests.map { $0.operation ?? "?" } == [
            "PutBlob", "GetBlobProperties", "GetBlob", "DeleteBlob", "GetBlobProperties", "GetBlob", "DeleteBlob",
        ])
        #expect(requests.map(\.error) == [nil, nil, nil, nil, "BlobNotFound", "BlobNotFound", "BlobNotFound"])
        for request in requests {
            #expect(request.auth == "SharedKey")
            #expect(request.headers["x-ms-version"] == "2026-10-06")
            #expect(request.headers["user-agent"]?.contains("trainyard") == true)
        }
        #expect(requests[0].headers["x-ms-blob-type"] == "BlockBlob")
        #expect(requests[0].headers["x-ms-meta-sha256"] == stored.sha256)
        #expect(requests[0].headers["x-ms-blob-content-type"] == "application/x-checkpoint")
    }

    @Test("content over the single-request limit goes up as parallel Put Block requests and one Put Block List")
    func blocks() async throws {
        let azure = try storage()
        let content = Self.random((1 << 20) + 123)
        let stored = try await azure.put(try key("datasets/big.bin"), from: .file(try temporaryFile(content)), contentType: nil, metadata: [:])
        let digest = Hex.encode(try SHA256.hash(content))
        #expect(stored.size == Int64(content.count))
        #expect(stored.sha256 == digest)
        #expect(stored.contentType == "application/octet-stream")

        let requests = try peer.requests()
        let blocks = requests.filter { $0.operation == "PutBlock" }
        #expect(blocks.count == 17)
        #expect(blocks.allSatisfy { $0.status == 201 && $0.auth == "SharedKey" })
        #expect(Set(blocks.compactMap { $0.query["blockid"]?.count }).count == 1, "block ids of one length")
        #expect(!requests.contains { $0.operation == "PutBlob" })
        let commit = try #require(requests.first { $0.operation == "PutBlockList" })
        #expect(commit.status == 201)
        #expect(commit.headers["x-ms-meta-sha256"] == digest)
        #expect(commit.started >= blocks.map(\.finished).max() ?? 0)
        let overlap = blocks.map { block in blocks.filter { $0.started <= block.started && block.started < $0.finished }.count }.max() ?? 0
        #expect((2...4).contains(overlap), "blocks in flight at once: \(overlap)")

        let back = "\(try Repository.temporaryFolder("azure"))/back.bin"
        _ = try await azure.get(try key("datasets/big.bin"), to: back)
        #expect(FileManager.default.contents(atPath: back) == Data(content))
    }

    @Test("a stream of uneven chunks is cut into blocks and stored whole")
    func streamed() async throws {
        let content = Self.random(300_000)
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: [UInt8].self)
        var offset = 0
        for size in [1, 70_000, 65_535, 100_000, 64_464] {
            continuation.yield(Array(content[offset..<(offset + size)]))
            offset += size
        }
        continuation.finish()
        let stored = try await storage().put(try key("logs/train.log"), from: .chunks(stream), contentType: "text/plain", metadata: [:])
        #expect(stored.size == 300_000)
        #expect(stored.sha256 == Hex.encode(try SHA256.hash(content)))
        #expect(try peer.requests().filter { $0.operation == "PutBlock" }.count == 5)
    }

    @Test("an empty object and a key with spaces, '+', '=' and non-ASCII letters are signed and stored")
    func unusualKeys() async throws {
        let azure = try storage()
        let odd = try key("runs/run 1/ünï+cödé=数据 (final).bin")
        _ = try await azure.put(odd, from: .bytes([1, 2, 3]), contentType: nil, metadata: [:])
        #expect(try await azure.head(odd).size == 3)
        let empty = try await azure.put(try key("empty"), from: .bytes([]), contentType: nil, metadata: [:])
        #expect(empty.size == 0)
        #expect(empty.sha256 == Hex.encode(try SHA256.hash([UInt8]())))
        #expect(try peer.requests().first?.path == "/devstoreaccount1/trainyard-test/orgs/acme/runs/run%201/%C3%BCn%C3%AF%2Bc%C3%B6d%C3%A9%3D%E6%95%B0%E6%8D%AE%20%28final%29.bin")
    }

    @Test("a wrong account key is refused with 403 AuthenticationFailed, reported as a credentials error")
    func wrongKey() async throws {
        let wrong = try account(key: Base64.encode(Array(repeating: UInt8(7), count: 64)))
        let error = await #expect(throws: StorageError.self) {
            try await self.storage(authorization: .sharedKey(wrong)).put(try self.key("x.txt"), from: .bytes([1, 2, 3]), contentType: nil, metadata: [:])
        }
        #expect(error?.code == "storage.credentials")
        guard case .credentials(let code, let message)? = error else {
            Issue.record("expected a credentials error, got \(String(describing: error))")
            return
        }
        #expect(code == "AuthenticationFailed")
        #expect(message.hasPrefix("Server failed to authenticate the request."))
        #expect(try peer.requests().map(\.status) == [403])
    }

    @Test("listing pages through List Blobs by NextMarker, lazily, in key order, only under the organization's prefix")
    func listing() async throws {
        let azure = try storage(listPageSize: 2)
        for name in ["c", "a", "e", "b", "d"] {
            _ = try await azure.put(try key("list/\(name).txt"), from: .bytes(Array(name.utf8)), contentType: "text/plain", metadata: ["letter": name])
        }
        _ = try await azure.put(try key("list/z.txt", organization: "globex"), from: .bytes([0]), contentType: nil, metadata: [:])
        _ = try await azure.put(try key("listing-not/x.txt"), from: .bytes([0]), contentType: nil, metadata: [:])
        var all: [ObjectInfo] = []
        for try await object in azure.list(organization: "acme", prefix: "list/") { all.append(object) }
        #expect(all.map(\.key) == ["a", "b", "c", "d", "e"].map { "orgs/acme/list/\($0).txt" })
        #expect(all.map(\.metadata) == ["a", "b", "c", "d", "e"].map { ["letter": $0] })
        #expect(all.map(\.sha256) == (try ["a", "b", "c", "d", "e"].map { Hex.encode(try SHA256.hash(Array($0.utf8))) }))
        #expect(all.allSatisfy { $0.size == 1 && $0.contentType == "text/plain" && abs($0.modified.timeIntervalSinceNow) < 60 })

        let pages = try peer.requests().filter { $0.operation == "ListBlobs" }
        #expect(pages.count == 3)
        #expect(pages.map { $0.query["prefix"] } == Array(repeating: "orgs/acme/list/", count: 3))
        #expect(pages.map { $0.query["maxresults"] } == ["2", "2", "2"])
        #expect(pages[0].query["marker"] == nil && pages[1].query["marker"] != nil && pages[2].query["marker"] != nil)

        var iterator = azure.list(organization: "acme", prefix: "list/").makeAsyncIterator()
        #expect(try await iterator.next()?.key == "orgs/acme/list/a.txt")
        #expect(try peer.requests().filter { $0.operation == "ListBlobs" }.count == 4, "one page fetched for one object")
    }

    @Test("a missing container is a backend error, also for delete")
    func missingContainer() async throws {
        let azure = try storage(container: "no-such-container")
        await #expect(throws: StorageError.backend(code: "ContainerNotFound", message: "Not Found")) { try await azure.head(try self.key("a")) }
        await #expect(throws: StorageError.backend(code: "ContainerNotFound", message: "The specified container does not exist.")) {
            try await azure.delete(try self.key("a"))
        }
    }

    @Test("a SAS token authorizes every operation it grants and nothing else")
    func sasAuthorization() async throws {
        let signer = AzureBlobSASSigner(account: try account(), endpoint: peer.endpoint)
        func token(_ permissions: String) throws -> Secret {
            Secret(try signer.sas(for: AzureBlobSASRequest(
                resource: .container(Self.container), permissions: permissions, expiry: .date(Date().addingTimeInterval(3600)),
                allowedProtocols: "https,http")).token)
        }
        let azure = try storage(authorization: .sharedAccessSignature(account: AzureBlobPeer.accountName, token: try token("racwdl")))
        let content = Self.random(200_000)
        let stored = try await azure.put(try key("sas/blob.bin"), from: .bytes(content), contentType: nil, metadata: [:])
        #expect(stored.sha256 == Hex.encode(try SHA256.hash(content)))
        let destination = "\(try Repository.temporaryFolder("azure"))/blob.bin"
        _ = try await azure.get(try key("sas/blob.bin"), to: destination)
        #expect(FileManager.default.contents(atPath: destination) == Data(content))
        var listed: [String] = []
        for try await object in azure.list(organization: "acme", prefix: "sas/") { listed.append(object.key) }
        #expect(listed == ["orgs/acme/sas/blob.bin"])
        try await azure.delete(try key("sas/blob.bin"))
        #expect(try peer.requests().allSatisfy { $0.auth == "SAS" && $0.status < 300 })
        #expect(throws: AzureSigningError.self) { try azure.presignedURL(for: try self.key("sas/blob.bin"), method: .get, expiresIn: 60, now: Date()) }

        let readOnly = try storage(authorization: .sharedAccessSignature(account: AzureBlobPeer.accountName, token: try token("rl")))
        await #expect(throws: StorageError.credentials(code: "AuthorizationPermissionMismatch",
                                                       message: "This request is not authorized to perform this operation using this permission.")) {
            try await readOnly.put(try self.key("sas/other.bin"), from: .bytes([1]), contentType: nil, metadata: [:])
        }
    }

    @Test("presigned URLs let a plain HTTP client read and write exactly what they grant, until they expire")
    func presignedURLs() async throws {
        let azure = try storage()
        let content = Array("shared artifact".utf8)
        _ = try await azure.put(try key("share/read me.txt"), from: .bytes(content), contentType: "text/plain", metadata: [:])

        let getURL = try azure.presignedURL(for: try key("share/read me.txt"), method: .get, expiresIn: 300, now: Date())
        let read = try await fetch("GET", getURL)
        #expect(read.status == 200)
        #expect(read.body == content)

        let putURL = try azure.presignedURL(for: try key("share/upload.bin"), method: .put, expiresIn: 300, now: Date())
        #expect(try await fetch("PUT", putURL, body: [9, 8, 7], headers: ["x-ms-blob-type": "BlockBlob"]).status == 201)
        #expect(try await azure.head(try key("share/upload.bin")).size == 3)
        #expect(try await fetch("GET", putURL).errorCode == "AuthorizationPermissionMismatch")
        #expect(try await fetch("PUT", getURL, body: [1], headers: ["x-ms-blob-type": "BlockBlob"]).errorCode == "AuthorizationPermissionMismatch")

        let expired = try azure.presignedURL(for: try key("share/read me.txt"), method: .get, expiresIn: 60, now: Date().addingTimeInterval(-3600))
        #expect(try await fetch("GET", expired).errorCode == "AuthenticationFailed")
        let tampered = getURL.replacingOccurrences(of: "sp=r&", with: "sp=rw&")
        #expect(try await fetch("GET", tampered).errorCode == "AuthenticationFailed")
    }

    @Test("a request that outlives its timeout fails")
    func timeout() async throws {
        // The peer holds each Put Block for 50 ms.
        let azure = try storage(timeout: .milliseconds(10))
        let error = await #expect(throws: StorageError.self) {
            try await azure.put(try self.key("slow.bin"), from: .bytes(Self.random(300_000)), contentType: nil, metadata: [:])
        }
        guard case .backend(let code, _)? = error else {
            Issue.record("expected a backend error, got \(String(describing: error))")
            return
        }
        #expect(code == "RequestFailed")
    }

    /// The SDK's own client (blocks and single puts, properties, paged listing, errors) against the peer: the peer
    /// speaks the service's protocol, not one shaped after the Swift backend. The SDK's downloads use ranges,
    /// which the peer does not implement, so reads are checked by the tests above.
    @Test("the peer serves azure-storage-blob's own client")
    func peerServesTheSDK() async throws {
        let python = try #require(Repository.venvPython)
        let script = """
            import json, sys
            from azure.core.exceptions import ClientAuthenticationError, ResourceNotFoundError
            from azure.storage.blob import BlobServiceClient, ContentSettings
            endpoint, account, key, container = sys.argv[1:5]
            def blobs(key):
                service = BlobServiceClient(endpoint, credential={"account_name": account, "account_key": key}, retry_total=0,
                                            max_single_put_size=64 * 1024, max_block_size=16 * 1024)
                return service.get_container_client(container)
            code = lambda error: getattr(error.error_code, "value", error.error_code)
            client, results = blobs(key), {}
            client.upload_blob("sdk/big.bin", bytes(range(256)) * 1000, max_concurrency=3, metadata={"run": "r1"})
            client.upload_blob("sdk/small.txt", b"hi", content_settings=ContentSettings(content_type="text/plain"))
            big = client.get_blob_client("sdk/big.bin").get_blob_properties()
            small = client.get_blob_client("sdk/small.txt").get_blob_properties()
            results["properties"] = [big.size, big.metadata, small.size, small.content_settings.content_type]
            pages = client.list_blobs(name_starts_with="sdk/", include=["metadata"], results_per_page=1).by_page()
            results["pages"] = [[[blob.name, blob.size, blob.metadata] for blob in page] for page in pages]
            client.delete_blob("sdk/small.txt")
            try:
                client.get_blob_client("sdk/small.txt").get_blob_properties()
            except ResourceNotFoundError as error:
                results["deleted"] = code(error)
            try:
                blobs("AAAA" + key[4:]).upload_blob("sdk/x", b"1")
            except ClientAuthenticationError as error:
                results["wrong key"] = code(error)
            print(json.dumps(results))
            """
        let arguments = ["-c", script, peer.endpoint, AzureBlobPeer.accountName, AzureBlobPeer.accountKey, Self.container]
        let run = try await blockingWork { try Subprocess.run(python, arguments) }
        try #require(run.status == 0, "\(run.errors)")
        let expected = #"{"properties": [256000, {"run": "r1"}, 2, "text/plain"], "pages": [[["sdk/big.bin", 256000, {"run": "r1"}]], "#
            + #"[["sdk/small.txt", 2, null]]], "deleted": "BlobNotFound", "wrong key": "AuthenticationFailed"}"#
        #expect(run.output.trimmingCharacters(in: .whitespacesAndNewlines) == expected)
        let requests = try peer.requests()
        #expect(requests.filter { $0.operation == "PutBlock" }.count == 16)
        #expect(requests.filter { $0.auth == "SharedKey" && $0.status < 300 }.count == requests.count - 2, "all but the two refusals")
    }

    /// Sends a request without any authorization of its own.
    func fetch(_ method: String, _ url: String, body: [UInt8]? = nil, headers: [String: String] = [:]) async throws
        -> (status: Int, body: [UInt8], errorCode: String?) {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), Array(bytes.readableBytesView), response.headers.first(name: "x-ms-error-code"))
    }
}
