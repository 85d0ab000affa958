import Credentials
import Foundation
import SQLKit

/// API keys: created for an organization and a role, stored as hashes, checked in constant time.
extension JobStore {
    /// Creates a key; its secret is returned here and never again.
    public func createAPIKey(organization: String, role: Role) async throws -> APIKey {
        guard Self.isValidName(organization) else { throw StoreError.invalidName(organization) }
        let key = try APIKey.generate()
        try await database.raw("""
            INSERT INTO api_keys (id, org_id, role, secret_hash, created_at)
            VALUES (\(bind: key.id), \(bind: organization), \(bind: role.rawValue), \(bind: try key.secretHash()),
                    \(bind: time.now().timeIntervalSince1970))
            """).run()
        return key
    }

    /// Whom a presented key acts for, or `nil` for an unknown id or a wrong secret (the two are indistinguishable).
    public func authenticate(_ key: APIKey) async throws -> Principal? {
        let rows = try await database.raw("SELECT org_id, role, secret_hash FROM api_keys WHERE id = \(bind: key.id)").all()
        let presented = Array(try key.secretHash().utf8)
        guard let row = rows.first else {
            // Compare against a stand-in so an unknown id costs what a known one does.
            _ = ConstantTime.equals(presented, presented.map { $0 ^ 0x5a })
            return nil
        }
        let stored = try row.decode(column: "secret_hash", as: String.self)
        guard ConstantTime.equals(presented, Array(stored.utf8)) else { return nil }
        return Principal(organization: try row.decode(column: "org_id", as: String.self), role: try Self.enumValue(row, "role"), keyID: key.id)
    }

    /// Whether the organization has any key (the first start of `make run` creates one).
    public func hasAPIKeys(organization: String) async throws -> Bool {
        !(try await database.raw("SELECT id FROM api_keys WHERE org_id = \(bind: organization) LIMIT 1").all()).isEmpty
    }

    /// Organization and profile names: letters, digits, `-`, `_` and `.`, 1 to 63 characters, not starting with `.`.
    public static func isValidName(_ name: String) -> Bool {
        (1...63).contains(name.utf8.count) && !name.hasPrefix(".")
            && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) }
    }
}
