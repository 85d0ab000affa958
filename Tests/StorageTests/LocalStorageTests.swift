import Credentials
import Foundation
import Storage
import Testing

@Suite("Local storage backend")
struct LocalStorageTests {
    let root: String
    let storage: LocalStorage
    let signer: LocalURLSigner

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("trainyard-storage-\(UUID().uuidString)").path
        signer = LocalURLSigner(key: Secret(bytes: try SecureRandom.bytes(count: 32)))
        storage = LocalStorage(root: root, baseURL: "http://127.0.0.1:8080/", signer: signer)
    }

    func key(_ path: String, _ organization: String = "acme") throws -> StorageKey { try StorageKey(organization: organization, path: path) }

    func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("trainyard-src-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    @Test("put, head, get and delete round trip with checksum and metadata")
    func roundTrip() async throws {
        let content = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let stored = try await storage.put(try key("datasets/train.bin"), from: .file(try temporaryFile(content)),
                                           contentType: "application/octet-stream", metadata: ["job": "j-1"])
        #expect(stored.size == Int64(content.count))
        #expect(stored.sha256 == Hex.encode(try SHA256.hash(content)))
        let head = try await storage.head(try key("datasets/train.bin"))
        #expect(head == stored)
        #expect(head.metadata == ["job": "j-1"])
        #expect(head.contentType == "application/octet-stream")
        let destination = FileManager.default.temporaryDirectory.appendingPathComponent("trainyard-dst-\(UUID().uuidString)").path
        _ = try await storage.get(try key("datasets/train.bin"), to: destination)
        #expect(FileManager.default.contents(atPath: destination) == Data(content))
        try await storage.delete(try key("datasets/train.bin"))
        try await storage.delete(try key("datasets/train.bin"))
        await #expect(throws: StorageError.notFound("orgs/acme/datasets/train.bin")) { try await storage.head(try key("datasets/train.bin")) }
    }

    @Test("streamed chunks are stored whole, and a key and its prefix can both be objects")
    func chunksAndNesting() async throws {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: [UInt8].self)
        for part in ["alpha ", "beta ", "gamma"] { continuation.yield(Array(part.utf8)) }
        continuation.finish()
        _ = try await storage.put(try key("a"), from: .chunks(stream), contentType: nil, metadata: [:])
        _ = try await storage.put(try key("a/b"), from: .bytes(Array("nested".utf8)), contentType: nil, metadata: [:])
        #expect(try await storage.head(try key("a")).size == 16)
        #expect(try await storage.head(try key("a/b")).size == 6)
    }

    @Test("a stream that fails part way stores nothing: the previous object stays whole and no partial file is left")
    func failedStream() async throws {
        _ = try await storage.put(try key("model.bin"), from: .bytes(Array("version one".utf8)), contentType: nil, metadata: [:])
        struct ConnectionReset: Error {}
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: [UInt8].self)
        continuation.yield(Array("version two, cut sh".utf8))
        continuation.finish(throwing: ConnectionReset())
        await #expect(throws: ConnectionReset.self) {
            try await storage.put(try key("model.bin"), from: .chunks(stream), contentType: nil, metadata: [:])
        }
        let copy = "\(root)/copy.bin"
        #expect(try await storage.get(try key("model.bin"), to: copy).size == 11)
        #expect(try String(contentsOfFile: copy, encoding: .utf8) == "version one")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(root)/objects/acme/_model.bin") == ["="])
    }

    @Test("a corrupted object is detected on get and the destination is not written")
    func corruption() async throws {
        _ = try await storage.put(try key("model.bin"), from: .bytes(Array(repeating: 7, count: 4096)), contentType: nil, metadata: [:])
        let objectFile = "\(root)/objects/acme/_model.bin/="
        let handle = try #require(FileHandle(forUpdatingAtPath: objectFile))
        try handle.seek(toOffset: 100)
        handle.write(Data([8]))
        try handle.close()
        let destination = FileManager.default.temporaryDirectory.appendingPathComponent("trainyard-dst-\(UUID().uuidString)").path
        let error = await #expect(throws: StorageError.self) { try await storage.get(try key("model.bin"), to: destination) }
        #expect(error?.code == "storage.checksum_mismatch")
        #expect(!FileManager.default.fileExists(atPath: destination))
    }

    @Test("concurrent writers to one key leave one complete write, never a torn file")
    func concurrentWriters() async throws {
        let target = try key("shared/checkpoint.bin")
        let writers = 8
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    let bytes = [UInt8](repeating: UInt8(writer), count: 512 * 1024 + writer)
                    _ = try await storage.put(target, from: .bytes(bytes), contentType: nil, metadata: ["writer": "\(writer)"])
                }
            }
            try await group.waitForAll()
        }
        let info = try await storage.head(target)
        let writer = try #require(Int(info.metadata["writer"] ?? ""))
        let destination = FileManager.default.temporaryDirectory.appendingPathComponent("trainyard-dst-\(UUID().uuidString)").path
        _ = try await storage.get(target, to: destination)
        #expect(FileManager.default.contents(atPath: destination) == Data(repeating: UInt8(writer), count: 512 * 1024 + writer))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: "\(root)/objects/acme/_shared/_checkpoint.bin")
        #expect(leftovers == ["="])
    }

    @Test("listing returns the prefix's objects in key order, one organization only")
    func listing() async throws {
        for path in ["runs/b.txt", "runs/a.txt", "runs/a-1.txt", "runs/a/z.txt", "other/c.txt"] {
            _ = try await storage.put(try key(path), from: .bytes(Array(path.utf8)), contentType: "text/plain", metadata: [:])
        }
        _ = try await storage.put(try key("runs/secret.txt", "globex"), from: .bytes([1]), contentType: nil, metadata: [:])
        var keys: [String] = []
        for try await object in storage.list(organization: "acme", prefix: "runs/") { keys.append(object.key) }
        #expect(keys == ["orgs/acme/runs/a-1.txt", "orgs/acme/runs/a.txt", "orgs/acme/runs/a/z.txt", "orgs/acme/runs/b.txt"])
        var none: [ObjectInfo] = []
        for try await object in storage.list(organization: "acme", prefix: "missing/") { none.append(object) }
        #expect(none.isEmpty)
    }

    @Test("presigned URLs verify, and expired, tampered, other-method or other-key URLs are refused")
    func presigning() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let url = try storage.presignedURL(for: try key("out/model card.json"), method: .get, expiresIn: 60, now: now)
        #expect(url.hasPrefix("http://127.0.0.1:8080/files/orgs/acme/out/model%20card.json?method=GET&expires=1800000060&signature="))
        let components = try #require(URLComponents(string: url))
        let items = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        let signature = try #require(items["signature"]), expires = try #require(items["expires"])
        let fullKey = "orgs/acme/out/model card.json"

        try signer.verify(method: .get, fullKey: fullKey, expires: expires, signature: signature, now: now + 60)
        #expect(throws: StorageError.expired) { try signer.verify(method: .get, fullKey: fullKey, expires: expires, signature: signature, now: now + 61) }
        #expect(throws: StorageError.invalidSignature) { try signer.verify(method: .put, fullKey: fullKey, expires: expires, signature: signature, now: now) }
        #expect(throws: StorageError.invalidSignature) { try signer.verify(method: .get, fullKey: "orgs/acme/out/other.json", expires: expires, signature: signature, now: now) }
        #expect(throws: StorageError.invalidSignature) { try signer.verify(method: .get, fullKey: fullKey, expires: "1800009999", signature: signature, now: now) }
        var bytes = Array(signature.utf8)
        for position in bytes.indices {
            let original = bytes[position]
            bytes[position] = original == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
            #expect(throws: StorageError.invalidSignature) {
                try signer.verify(method: .get, fullKey: fullKey, expires: expires, signature: String(decoding: bytes, as: UTF8.self), now: now)
            }
            bytes[position] = original
        }
        #expect(throws: StorageError.invalidSignature) { try signer.verify(method: .get, fullKey: fullKey, expires: expires, signature: "zz", now: now) }
        let otherServer = LocalURLSigner(key: Secret(bytes: [UInt8](repeating: 1, count: 32)))
        #expect(throws: StorageError.invalidSignature) { try otherServer.verify(method: .get, fullKey: fullKey, expires: expires, signature: signature, now: now) }
    }
}
