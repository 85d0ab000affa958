import Adapters
import Credentials
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Orchestrator
import Storage
import TestSupport
@testable import TrainyardServer

/// A server over a fresh SQLite store and local storage: the shipped catalog, the platform adapter, and any adapters
/// a test adds. Requests go through the whole router (middleware included) without a socket.
final class ServerFixture: Sendable {
    let store: JobStore
    let vault: CredentialVault
    let environment: APIEnvironment
    let stateFolder: String
    let storage: LocalStorage

    /// The address the local storage's presigned URLs name; ``path(of:)`` takes it off for the router client.
    static let baseURL = "http://trainyard.test"

    init(adapters: [any ComputeAdapter] = []) async throws {
        stateFolder = try Repository.temporaryFolder("server")
        store = try await JobStore.openSQLite(path: "\(stateFolder)/state.db")
        vault = CredentialVault(store: store, keyring: try FernetKeyring(keys: [try FernetKey.generate()]))
        let metrics = ServiceMetrics()
        let router = Orchestrator.Router(adapters: metrics.metered([PlatformAdapter(queue: store)] + adapters), store: store, credentials: vault)
        storage = LocalStorage(root: "\(stateFolder)/storage", baseURL: Self.baseURL,
                               signer: LocalURLSigner(key: Secret(bytes: try SecureRandom.bytes(count: 32))))
        environment = APIEnvironment(
            store: store, vault: vault, catalog: try PriceCatalog.load(directory: Repository.path("profiles/catalog")),
            router: router, stateFolder: stateFolder, metrics: metrics, storage: storage)
    }

    /// Runs `body` with a fresh fixture and closes its store afterwards.
    static func with<Value>(adapters: [any ComputeAdapter] = [], _ body: (ServerFixture) async throws -> Value) async throws -> Value {
        let fixture = try await ServerFixture(adapters: adapters)
        do {
            let value = try await body(fixture)
            try await fixture.store.close()
            return value
        } catch {
            try? await fixture.store.close()
            throw error
        }
    }

    /// A new key's bearer token.
    func key(_ organization: String, _ role: Role) async throws -> String {
        try await store.createAPIKey(organization: organization, role: role).revealedToken
    }

    /// A presigned URL's path and query, as the router client takes them.
    static func path(of url: String) throws -> String {
        guard url.hasPrefix(baseURL) else { throw URLError(.unsupportedURL) }
        return String(url.dropFirst(baseURL.count))
    }

    /// Runs `body` with a client of the whole API, which logs to `logger`.
    func test<Value: Sendable>(
        logger: Logger = Logger(label: "trainyard.test"), _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let application = Application(router: TrainyardAPI.router(environment), logger: logger)
        return try await application.test(.router, body)
    }
}

/// An answer, read.
struct Answer: Sendable {
    var status: Int
    var headers: HTTPFields
    var text: String
    var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] }
    /// `error.code` of an error answer.
    var errorCode: String? { (json?["error"] as? [String: Any])?["code"] as? String }
}

extension TestClientProtocol {
    /// One request with a bearer key (or none) and a body.
    func call(_ method: HTTPRequest.Method, _ uri: String, key: String?, body: String? = nil, headers extra: HTTPFields = [:]) async throws -> Answer {
        var headers = extra
        if let key { headers[.authorization] = "Bearer \(key)" }
        let response = try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return Answer(status: Int(response.status.code), headers: response.headers, text: String(buffer: response.body))
    }

    /// A JSON body from a dictionary.
    func call(_ method: HTTPRequest.Method, _ uri: String, key: String?, json: [String: Any], headers: HTTPFields = [:]) async throws -> Answer {
        let body = String(decoding: try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]), as: UTF8.self)
        return try await call(method, uri, key: key, body: body, headers: headers)
    }
}

/// The profile most tests submit under: platform workers only.
let localProfile = """
    name: local
    strategy: queue
    candidates:
      - provider: platform
        gpu: cpu
    limits:
      max_cost_per_job_usd: 50
    fallback:
      max_attempts: 2
    """

/// A small job under `local`.
func jobBody(name: String = "demo", profile: String = "local", extra: [String: Any] = [:]) -> [String: Any] {
    var body: [String: Any] = [
        "name": name, "trainer": "mlp", "dataset": "/data/blobs.csv", "profile": profile,
        "resources": ["gpus": 0], "estimated_hours": 0.5,
    ]
    body.merge(extra) { _, new in new }
    return body
}
