import Foundation

/// An object key, always under its organization's prefix: `orgs/<org>/<path>`.
///
/// Validation happens before any I/O. Refused: an empty path, an absolute path, `.` or `..` segments, empty
/// segments, backslashes, NUL and control characters, invalid UTF-8 — also when any of these appear only
/// after percent-decoding (once or repeatedly) or after Unicode compatibility normalization (a fullwidth
/// `．．` is `..`).
public struct StorageKey: Sendable, Hashable, CustomStringConvertible {
    /// The organization that owns the object.
    public let organization: String
    /// The path below the organization's prefix.
    public let path: String

    /// The full key as stored: `orgs/<org>/<path>`.
    public var fullKey: String { "\(Self.prefix(of: organization))\(path)" }

    public var description: String { fullKey }

    /// The prefix every key of `organization` starts with.
    public static func prefix(of organization: String) -> String { "orgs/\(organization)/" }

    /// Validates `path` for `organization`.
    public init(organization: String, path: String) throws(StorageError) {
        try Self.validateOrganization(organization)
        try Self.validatePath(path)
        self.organization = organization
        self.path = path
    }

    /// Reads a full key (`orgs/<org>/<path>`) and checks that it belongs to `organization`.
    public init(fullKey: String, organization: String) throws(StorageError) {
        let prefix = Self.prefix(of: organization)
        guard fullKey.hasPrefix(prefix) else {
            throw .invalidKey(fullKey, reason: "it is not under the organization's prefix \(prefix)")
        }
        try self.init(organization: organization, path: String(fullKey.dropFirst(prefix.count)))
    }

    /// Reads a full key (`orgs/<org>/<path>`), whatever its organization.
    public init(fullKey: String) throws(StorageError) {
        let parts = fullKey.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "orgs" else {
            throw .invalidKey(fullKey, reason: "a full key has the form orgs/<organization>/<path>")
        }
        try self.init(organization: String(parts[1]), path: String(parts[2]))
    }

    static func validateOrganization(_ organization: String) throws(StorageError) {
        let allowed = organization.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
        }
        guard allowed, (1...63).contains(organization.utf8.count) else {
            throw .invalidKey(organization, reason: "organization ids are 1 to 63 characters from a-z, 0-9, '-' and '_'")
        }
    }

    static func validatePath(_ path: String) throws(StorageError) {
        guard !path.isEmpty else { throw .invalidKey(path, reason: "the key is empty") }
        guard path.utf8.count <= 1000 else { throw .invalidKey(path, reason: "the key is longer than 1000 bytes") }
        var current = path
        // Decode until stable (bounded), checking every layer: `%252e%252e` is `..` after two rounds.
        for _ in 0..<4 {
            try checkLayer(current, original: path)
            guard current.contains("%") else { return }
            guard let decoded = current.removingPercentEncoding else {
                throw .invalidKey(path, reason: "it holds a malformed percent-encoding or invalid UTF-8")
            }
            if decoded == current { return }
            current = decoded
        }
        throw .invalidKey(path, reason: "it is percent-encoded too many times")
    }

    private static func checkLayer(_ text: String, original: String) throws(StorageError) {
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) {
                throw .invalidKey(original, reason: "it holds a control character")
            }
            if scalar == "\\" { throw .invalidKey(original, reason: "it holds a backslash") }
        }
        let normalized = text.precomposedStringWithCompatibilityMapping
        for candidate in Set([text, normalized]) {
            if candidate.hasPrefix("/") { throw .invalidKey(original, reason: "it is an absolute path") }
            if candidate.contains("\\") { throw .invalidKey(original, reason: "it holds a backslash") }
            for segment in candidate.split(separator: "/", omittingEmptySubsequences: false) {
                if segment == "." || segment == ".." { throw .invalidKey(original, reason: "it holds a '\(segment)' segment") }
                if segment.isEmpty, candidate == text { throw .invalidKey(original, reason: "it holds an empty segment ('//' or a trailing '/')") }
            }
        }
    }
}
