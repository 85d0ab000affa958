import Credentials

/// An API key as clients send it, `ty_<key id>_<secret>`: 16 hex digits that name the key, then 32 random bytes in
/// base64url. The store keeps only the SHA-256 of the secret; ``description`` never shows it.
public struct APIKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The public half, which names the key in the store and in logs.
    public let id: String
    /// The private half.
    public let secret: Secret

    private static let prefix = "ty_"

    /// A new random key.
    public static func generate() throws -> APIKey {
        let id = Hex.encode(try SecureRandom.bytes(count: 8))
        let secret = Base64.encode(try SecureRandom.bytes(count: 32), alphabet: .urlSafe, padding: .unpadded)
        return APIKey(id: id, secret: Secret(secret))
    }

    private init(id: String, secret: Secret) {
        self.id = id
        self.secret = secret
    }

    /// Reads a key from a bearer token; `nil` when the token does not have the key's shape.
    public init?(token: String) {
        guard token.hasPrefix(Self.prefix), token.utf8.count <= 128 else { return nil }
        let parts = token.dropFirst(Self.prefix.count).split(separator: "_", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 16, parts[0].allSatisfy(\.isHexDigit), !parts[1].isEmpty else { return nil }
        self.init(id: String(parts[0]), secret: Secret(String(parts[1])))
    }

    /// **The whole key in clear**, to show once when it is created.
    public var revealedToken: String { "\(Self.prefix)\(id)_\(secret.revealedString ?? "")" }

    /// The stored form of the secret: SHA-256 in hex. The secret is 256 random bits, so a fast hash is enough.
    public func secretHash() throws -> String {
        try SHA256.hexDigest(secret.revealedBytes)
    }

    public var description: String { "\(Self.prefix)\(id)_\(Secret.placeholder)" }
    public var debugDescription: String { description }
}
