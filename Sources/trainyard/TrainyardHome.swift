import ArgumentParser
import AsyncHTTPClient
import Credentials
import Foundation
import Orchestrator
import Storage

/// The one folder that holds all of Trainyard's state: `$TRAINYARD_HOME`, default `~/.trainyard`
/// (the job database, job folders, keys).
struct TrainyardHome {
    let path: String

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let home = environment["TRAINYARD_HOME"], !home.isEmpty {
            path = home
        } else {
            path = (NSHomeDirectory() as NSString).appendingPathComponent(".trainyard")
        }
        databaseURL = environment["TRAINYARD_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A path inside the state folder.
    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// The PostgreSQL database several processes share, from `TRAINYARD_DATABASE_URL`; `nil`: the SQLite file.
    let databaseURL: String?

    /// Opens the job store: PostgreSQL when `TRAINYARD_DATABASE_URL` is set, else `state.db` in the state folder
    /// (created, mode 0700, on first use).
    func openStore() async throws -> JobStore {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return try await JobStore.open(databaseURL: databaseURL, sqlitePath: file("state.db"))
    }

    /// Runs `body` with the store open, closing it afterwards whatever happens.
    func withStore<Result>(_ body: (JobStore) async throws -> Result) async throws -> Result {
        let store = try await openStore()
        do {
            let result = try await body(store)
            try await store.close()
            return result
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// The keyring's source: `TRAINYARD_FERNET_KEY`, else the 0600 key file `fernet.keys` in the state folder.
    var keySource: FernetKeySource { FernetKeySource(keyFile: file("fernet.keys")) }

    /// The credential vault over an open store.
    func vault(_ store: JobStore) throws -> CredentialVault {
        CredentialVault(store: store, keyring: try keySource.load())
    }

    /// The local storage backend's URL signer, keyed by `storage.key` (32 random bytes in hex, mode 0600),
    /// which is created on first use.
    func localURLSigner() throws -> LocalURLSigner {
        let file = KeyFile(path: file("storage.key"))
        if !file.exists {
            try file.write(Hex.encode(SecureRandom.bytes(count: 32)) + "\n")
        }
        let text = try file.read().trimmingCharacters(in: .whitespacesAndNewlines)
        guard let key = try? Hex.decode(text), key.count == 32 else {
            throw ValidationError("keys.invalid_key: \(file.path) must hold 32 bytes in hex")
        }
        return LocalURLSigner(key: Secret(bytes: key))
    }

    /// The configured storage backend: `TRAINYARD_STORAGE` (`s3://…`, `gs://…`, `azure://…`, `local:/folder`), else
    /// `storage/` in the state folder. Cloud backends make their calls with `client`; the local backend's presigned
    /// URLs point at the API server reached at `localBaseURL`.
    func storage(client: HTTPClient, localBaseURL: String,
                 environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any StorageBackend {
        let location = try StorageLocation(environment["TRAINYARD_STORAGE"].flatMap { $0.isEmpty ? nil : $0 } ?? "local:\(file("storage"))")
        return try location.backend(environment: environment, client: client, localSigner: try localURLSigner(), localBaseURL: localBaseURL)
    }

    /// Runs `body` with the configured storage backend and an HTTP client of its own, shut down afterwards.
    func withStorage<Result>(localBaseURL: String, _ body: (any StorageBackend) async throws -> Result) async throws -> Result {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let result = try await body(try storage(client: client, localBaseURL: localBaseURL))
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// The organization the command line acts for.
    static let organization = "default"
}
