import Foundation
import SQLKit

/// An organization's compute profiles, kept as the text they were written in (YAML or JSON) and parsed on use.
extension JobStore {
    /// Stores a profile's source under its name.
    ///
    /// - Returns: the stored profile, and whether it is new (`false`: it replaced one).
    @discardableResult
    public func putProfile(organization: String, name: String, source: String) async throws -> (profile: StoredProfile, created: Bool) {
        guard Self.isValidName(name) else { throw StoreError.invalidName(name) }
        let now = time.now().timeIntervalSince1970
        let existed = !(try await database.raw("""
            SELECT name FROM profiles WHERE org_id = \(bind: organization) AND name = \(bind: name)
            """).all()).isEmpty
        let rows = try await database.raw("""
            INSERT INTO profiles (org_id, name, source, created_at, updated_at)
            VALUES (\(bind: organization), \(bind: name), \(bind: source), \(bind: now), \(bind: now))
            ON CONFLICT (org_id, name) DO UPDATE SET source = excluded.source, updated_at = excluded.updated_at
            RETURNING *
            """).all()
        guard let stored = try rows.first.map(Self.decodeProfile) else { throw StoreError.database("the profile upsert returned no row") }
        return (stored, !existed)
    }

    /// The profile's stored source.
    public func profile(organization: String, name: String) async throws -> StoredProfile? {
        try await database.raw("""
            SELECT * FROM profiles WHERE org_id = \(bind: organization) AND name = \(bind: name)
            """).all().first.map(Self.decodeProfile)
    }

    /// The organization's profiles by name.
    public func profiles(organization: String) async throws -> [StoredProfile] {
        try await database.raw("SELECT * FROM profiles WHERE org_id = \(bind: organization) ORDER BY name").all().map(Self.decodeProfile)
    }

    /// Removes a profile; jobs submitted under it keep their own copy of what they need.
    public func deleteProfile(organization: String, name: String) async throws {
        let deleted = try await database.raw("""
            DELETE FROM profiles WHERE org_id = \(bind: organization) AND name = \(bind: name) RETURNING name
            """).all()
        guard !deleted.isEmpty else { throw StoreError.profileNotFound(name: name) }
    }

    private static func decodeProfile(_ row: any SQLRow) throws -> StoredProfile {
        StoredProfile(
            name: try row.decode(column: "name", as: String.self), source: try row.decode(column: "source", as: String.self),
            createdAt: Date(timeIntervalSince1970: try row.decode(column: "created_at", as: Double.self)),
            updatedAt: Date(timeIntervalSince1970: try row.decode(column: "updated_at", as: Double.self)))
    }
}

/// A profile as stored: its name and the text it was written in.
public struct StoredProfile: Sendable, Hashable {
    public var name: String
    public var source: String
    public var createdAt: Date
    public var updatedAt: Date
}
