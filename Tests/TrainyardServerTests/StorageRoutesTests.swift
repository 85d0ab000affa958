import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Credentials
import Orchestrator
import Storage
import Synchronization
import Testing
@testable import TrainyardServer

@Suite("Storage routes and artifacts")
struct StorageRoutesTests {
    /// Presigns `method` on `key` for `apiKey` and answers the URL's path and query.
    func presign(_ client: any TestClientProtocol, _ apiKey: String, _ key: String, _ method: String) async throws -> String {
        let answer = try await client.call(.post, "/v1/storage/presign", key: apiKey, json: ["key": key, "method": method])
        try #require(answer.status == 200, "\(answer.text)")
        return try ServerFixture.path(of: try #require(answer.json?["url"] as? String))
    }

    @Test("a presigned PUT stores what a plain client sends and a presigned GET reads it back, with no API key")
    func roundTrip() async throws {
        try await ServerFixture.with { fixture in
            let member = try await fixture.key("acme", .member)
            let viewer = try await fixture.key("acme", .viewer)
            try await fixture.test { client in
                let content = String(repeating: "feature,label\n1.5,0\n", count: 40_000)
                let put = try await presign(client, member, "datasets/train.csv", "PUT")
                #expect(put.hasPrefix("/files/orgs/acme/datasets/train.csv?method=PUT&expires="))
                let stored = try await client.call(.put, put, key: nil, body: content)
                #expect(stored.status == 201, "\(stored.text)")
                let digest = try SHA256.hexDigest(Array(content.utf8))
                #expect(stored.headers[.eTag] == "\"\(digest)\"")

                let get = try await presign(client, viewer, "datasets/train.csv", "get")
                let read = try await client.call(.get, get, key: nil)
                #expect(read.status == 200)
                #expect(read.text == content)
                #expect(try await fixture.storage.head(try StorageKey(organization: "acme", path: "datasets/train.csv")).size == Int64(content.utf8.count))
            }
        }
    }

    @Test("each request is logged with its path and status, and a presigned URL's signature never reaches the log")
    func logsWithoutSignatures() async throws {
        try await ServerFixture.with { fixture in
            let member = try await fixture.key("acme", .member)
            let lines = LogLines()
            let logger = Logger(label: "trainyard.test") { _ in JSONLogHandler(label: "trainyard.test", write: lines.append) }
            let (put, get) = try await fixture.test(logger: logger) { client in
                let put = try await presign(client, member, "models/model.bin", "PUT")
                let get = try await presign(client, member, "models/model.bin", "GET")
                #expect(try await client.call(.put, put, key: nil, body: "weights").status == 201)
                #expect(try await client.call(.get, get, key: nil).text == "weights")
                return (put, get)
            }
            let log = lines.text
            for url in [put, get] {
                let signature = try #require(url.split(separator: "signature=").last)
                #expect(!log.contains(signature), "the signature of \(url) is in the log")
            }
            let files = log.split(separator: "\n").filter { $0.contains(#""path":"/files/orgs/acme/models/model.bin""#) }
            #expect(files.count == 2 && files.allSatisfy { $0.contains(#""message":"request""#) })
            #expect(files.contains { $0.contains(#""method":"PUT""#) && $0.contains(#""status":"201""#) })
            #expect(files.contains { $0.contains(#""method":"GET""#) && $0.contains(#""status":"200""#) })
        }
    }

    @Test("refused: a viewer's PUT, a key that escapes the prefix, an unknown method, an expiry out of range; nothing is stored")
    func refusals() async throws {
        try await ServerFixture.with { fixture in
            let viewer = try await fixture.key("acme", .viewer)
            let member = try await fixture.key("acme", .member)
            try await fixture.test { client in
                let cases: [(String, [String: Any], Int, String)] = [
                    (viewer, ["key": "datasets/x.csv", "method": "PUT"], 403, "auth.forbidden"),
                    (member, ["key": "../globex/datasets/x.csv", "method": "PUT"], 400, "storage.invalid_key"),
                    (member, ["key": "datasets/%2e%2e/%2e%2e/globex/x.csv", "method": "GET"], 400, "storage.invalid_key"),
                    (member, ["key": "/etc/passwd", "method": "GET"], 400, "storage.invalid_key"),
                    (member, ["key": "datasets/x.csv", "method": "DELETE"], 400, "request.invalid_method"),
                    (member, ["key": "datasets/x.csv", "method": "GET", "expires_in": 0], 400, "request.invalid_expiry"),
                    (member, ["key": "datasets/x.csv", "method": "GET", "expires_in": 604_801], 400, "request.invalid_expiry"),
                    (member, ["method": "GET"], 400, "request.invalid_json"),
                ]
                for (apiKey, body, status, code) in cases {
                    let answer = try await client.call(.post, "/v1/storage/presign", key: apiKey, json: body)
                    #expect(answer.status == status && answer.errorCode == code, "\(body): \(answer.text)")
                }
                #expect(try await client.call(.post, "/v1/storage/presign", key: nil, json: ["key": "a", "method": "GET"]).status == 401)
            }
            var stored: [String] = []
            for try await object in fixture.storage.list(organization: "acme", prefix: "") { stored.append(object.key) }
            #expect(stored.isEmpty)
        }
    }

    @Test("a tampered, expired, wrong-method or re-pointed URL is refused with 403 and changes nothing")
    func tamperedURLs() async throws {
        try await ServerFixture.with { fixture in
            let member = try await fixture.key("acme", .member)
            let key = try StorageKey(organization: "acme", path: "models/model.bin")
            _ = try await fixture.storage.put(key, from: .bytes(Array("original".utf8)), contentType: nil, metadata: [:])
            try await fixture.test { client in
                let put = try await presign(client, member, "models/model.bin", "PUT")
                let get = try await presign(client, member, "models/model.bin", "GET")
                let signature = try #require(put.split(separator: "signature=").last)
                let flipped = put.dropLast().appending(signature.last == "0" ? "1" : "0")
                let expired = try ServerFixture.path(of: try fixture.storage.presignedURL(
                    for: key, method: .put, expiresIn: 60, now: Date().addingTimeInterval(-120)))
                let attempts: [(HTTPRequest.Method, String, String)] = [
                    (.put, flipped, "storage.invalid_signature"),
                    (.put, expired, "storage.expired"),
                    (.put, get, "storage.invalid_signature"),
                    (.get, put, "storage.invalid_signature"),
                    (.put, put.replacingOccurrences(of: "model.bin", with: "other.bin"), "storage.invalid_signature"),
                    (.put, put.replacingOccurrences(of: "orgs/acme", with: "orgs/globex"), "storage.invalid_signature"),
                    (.put, put.replacingOccurrences(of: "method=PUT", with: "method=GET"), "storage.invalid_signature"),
                    (.put, String(put.prefix { $0 != "?" }), "storage.invalid_signature"),
                    (.get, "/files/orgs/acme/%2e%2e/globex/x?method=GET&expires=1&signature=00", "storage.invalid_signature"),
                ]
                for (method, uri, code) in attempts {
                    let answer = try await client.call(method, uri, key: nil, body: method == .put ? "replaced" : nil)
                    #expect(answer.status == 403 && answer.errorCode == code, "\(method) \(uri): \(answer.text)")
                }
                #expect(try await client.call(.get, get, key: nil).text == "original")
                let missing = try await presign(client, member, "models/absent.bin", "GET")
                #expect(try await client.call(.get, missing, key: nil).errorCode == "storage.not_found")
            }
        }
    }

    @Test("a completed job shows its artifacts as presigned URLs that download exactly what the run stored; earlier states show none")
    func artifacts() async throws {
        try await ServerFixture.with { fixture in
            let member = try await fixture.key("acme", .member)
            try await fixture.store.putProfile(organization: "acme", name: "local", source: localProfile)
            try await fixture.test { client in
                let id = try #require(try await client.call(.post, "/v1/jobs", key: member, json: jobBody()).json?["id"] as? String)
                #expect(try await client.call(.get, "/v1/jobs/\(id)", key: member).json?.keys.contains("artifacts") == false)

                let output = "\(fixture.stateFolder)/run-output"
                try FileManager.default.createDirectory(atPath: "\(output)/checkpoints", withIntermediateDirectories: true)
                let model = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
                try Data(model).write(to: URL(fileURLWithPath: "\(output)/model.onnx"))
                try Data(#"{"trainer": "mlp"}"#.utf8).write(to: URL(fileURLWithPath: "\(output)/model_card.json"))
                try Data("state".utf8).write(to: URL(fileURLWithPath: "\(output)/checkpoints/epoch-0001.ckpt"))
                try Data("partial".utf8).write(to: URL(fileURLWithPath: "\(output)/.model.onnx.tmp"))

                let worker = WorkerInfo(id: "w-1", host: "test", slots: 1, gpus: 0, gpuModel: nil, gpuMemoryGiB: nil)
                try await fixture.store.registerWorker(worker)
                #expect(try await fixture.store.leaseNextJob(worker: worker, leaseSeconds: 30)?.id == id)
                try await JobArtifacts(storage: fixture.storage).publish(jobID: id, organization: "acme", outputFolder: output)
                _ = try await fixture.store.finishRun(jobID: id, worker: worker.id, outcome: .completed(metrics: [:]), retryDelay: 0)

                let shown = try await client.call(.get, "/v1/jobs/\(id)", key: member)
                let artifacts = try #require(shown.json?["artifacts"] as? [[String: Any]], "\(shown.text)")
                #expect(artifacts.compactMap { $0["name"] as? String } == ["model.onnx", "model_card.json"])
                let onnx = try #require(artifacts.first)
                #expect(onnx["size"] as? Int == model.count)
                #expect(try onnx["sha256"] as? String == SHA256.hexDigest(model))
                let downloaded = try await client.execute(
                    uri: try ServerFixture.path(of: try #require(onnx["url"] as? String)), method: .get, headers: [:], body: nil)
                #expect(downloaded.status == .ok)
                #expect(Array(downloaded.body.readableBytesView) == model)
            }
        }
    }
}

/// Log lines kept in memory.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: [UInt8]) { lines.withLock { $0.append(String(decoding: line, as: UTF8.self)) } }

    var text: String { lines.withLock { $0.joined() } }
}
