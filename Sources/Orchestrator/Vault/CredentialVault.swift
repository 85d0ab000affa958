import Credentials
import Foundation
import SQLKit

/// The BYOC credential vault: each organization's cloud credentials, sealed with Fernet under the server's
/// keyring (newest key seals, every key opens) in the job store. Secrets leave it only through ``open(organization:name:)``.
public struct CredentialVault: Sendable {
    private let store: JobStore
    private let keyring: FernetKeyring

    /// Creates a vault over the store's `credentials` table.
    public init(store: JobStore, keyring: FernetKeyring) {
        self.store = store
        self.keyring = keyring
    }

    /// Seals and stores a credential under `name`.
    public func add(organization: String, name: String, credential: CloudCredential, replace: Bool = false) async throws {
        let sealed = try keyring.encrypt(try credential.revealedPayload())
        try await store.storeCredential(organization: organization, name: name, kind: credential.kind, sealed: sealed, replace: replace)
    }

    /// The organization's credentials, without secrets, by name.
    public func list(organization: String) async throws -> [CredentialSummary] {
        try await store.credentialSummaries(organization: organization)
    }

    /// The names of the organization's credentials (what the planner checks candidates against).
    public func names(organization: String) async throws -> Set<String> {
        Set(try await list(organization: organization).map(\.name))
    }

    /// Opens a credential for a provider call.
    public func open(organization: String, name: String) async throws -> CloudCredential {
        guard let (kind, sealed) = try await store.sealedCredential(organization: organization, name: name) else {
            throw VaultError.notFound(name: name)
        }
        let payload: [UInt8]
        do {
            payload = try keyring.decrypt(sealed)
        } catch {
            throw VaultError.unsealable(name: name)
        }
        return try CloudCredential.open(kind: kind, payload: payload)
    }

    /// Records what the provider said when the credential was last checked.
    public func recordValidation(organization: String, name: String, result: String) async throws {
        guard try await store.recordCredentialValidation(organization: organization, name: name, result: result) else {
            throw VaultError.notFound(name: name)
        }
    }

    /// Removes a credential.
    public func remove(organization: String, name: String) async throws {
        guard try await store.deleteCredential(organization: organization, name: name) else { throw VaultError.notFound(name: name) }
    }

    /// Re-seals every stored credential under the keyring's newest key (after a rotation).
    ///
    /// - Returns: how many were re-sealed.
    @discardableResult
    public func resealAll() async throws -> Int {
        var count = 0
        for (organization, name, sealed) in try await store.allSealedCredentials() {
            let resealed: String
            do {
                resealed = try keyring.reseal(sealed)
            } catch {
                throw VaultError.unsealable(name: "\(organization)/\(name)")
            }
            try await store.replaceSealedCredential(organization: organization, name: name, expected: sealed, sealed: resealed)
            count += 1
        }
        return count
    }
}

extension JobStore {
    func storeCredential(organization: String, name: String, kind: CredentialKind, sealed: String, replace: Bool) async throws {
        let now = time.now().timeIntervalSince1970
        let rows = try await database.raw("""
            INSERT INTO credentials (org_id, name, kind, sealed, created_at, updated_at)
            VALUES (\(bind: organization), \(bind: name), \(bind: kind.rawValue), \(bind: sealed), \(bind: now), \(bind: now))
            ON CONFLICT (org_id, name) DO NOTHING
            RETURNING name
            """).all()
        guard rows.isEmpty else { return }
        guard replace else { throw VaultError.alreadyExists(name: name) }
        try await database.raw("""
            UPDATE credentials SET kind = \(bind: kind.rawValue), sealed = \(bind: sealed), updated_at = \(bind: now),
                validated_at = NULL, validation = NULL
            WHERE org_id = \(bind: organization) AND name = \(bind: name)
            """).run()
    }

    func credentialSummaries(organization: String) async throws -> [CredentialSummary] {
        try await database.raw("""
            SELECT name, kind, created_at, updated_at, validated_at, validation FROM credentials
            WHERE org_id = \(bind: organization) ORDER BY name
            """).all().map { row in
            CredentialSummary(
                name: try row.decode(column: "name", as: String.self),
                kind: try Self.enumValue(row, "kind"),
                createdAt: Date(timeIntervalSince1970: try row.decode(column: "created_at", as: Double.self)),
                updatedAt: Date(timeIntervalSince1970: try row.decode(column: "updated_at", as: Double.self)),
                validatedAt: try row.decode(column: "validated_at", as: Double?.self).map { Date(timeIntervalSince1970: $0) },
                validation: try row.decode(column: "validation", as: String?.self))
        }
    }

    func sealedCredential(organization: String, name: String) async throws -> (CredentialKind, String)? {
        let rows = try await database.raw("""
            SELECT kind, sealed FROM credentials WHERE org_id = \(bind: organization) AND name = \(bind: name)
            """).all()
        return try rows.first.map { (try Self.enumValue($0, "kind"), try $0.decode(column: "sealed", as: String.self)) }
    }

    func recordCredentialValidation(organization: String, name: String, result: String) async throws -> Bool {
        !(try await database.raw("""
            UPDATE credentials SET validated_at = \(bind: time.now().timeIntervalSince1970), validation = \(bind: result)
            WHERE org_id = \(bind: organization) AND name = \(bind: name) RETURNING name
            """).all()).isEmpty
    }

    func deleteCredential(organization: String, name: String) async throws -> Bool {
        !(try await database.raw("""
            DELETE FROM credentials WHERE org_id = \(bind: organization) AND name = \(bind: name) RETURNING name
            """).all()).isEmpty
    }

    func allSealedCredentials() async throws -> [(String, String, String)] {
        try await database.raw("SELECT org_id, name, sealed FROM credentials ORDER BY org_id, name").all().map {
            (try $0.decode(column: "org_id", as: String.self), try $0.decode(column: "name", as: String.self),
             try $0.decode(column: "sealed", as: String.self))
        }
    }

    /// Compare-and-set: a concurrent replacement wins over a re-seal.
    func replaceSealedCredential(organization: String, name: String, expected: String, sealed: String) async throws {
        try await database.raw("""
            UPDATE credentials SET sealed = \(bind: sealed)
            WHERE org_id = \(bind: organization) AND name = \(bind: name) AND sealed = \(bind: expected)
            """).run()
    }
}
