/// A Fernet key: 128-bit HMAC-SHA256 signing key followed by a 128-bit AES-128-CBC key.
///
/// Its text form is the 32 bytes in url-safe base64 with padding (44 characters), as produced by
/// Python's `Fernet.generate_key()`. The key prints, dumps and encodes as `<redacted>`; the only
/// export is ``revealedBase64URL``.
public struct FernetKey: Sendable, Equatable {
    /// Size of a Fernet key in bytes.
    public static let byteCount = 32

    /// The first 16 bytes: the HMAC-SHA256 key.
    let signingKey: Secret
    /// The last 16 bytes: the AES-128-CBC key.
    let encryptionKey: Secret
    /// Both keys prepared for use: the HMAC states and the AES key schedules (shared by copies).
    let prepared: FernetPreparedKey

    /// Creates a key from its 32 raw bytes.
    public init(bytes: some Sequence<UInt8>) throws(FernetError) {
        let raw = Array(bytes)
        guard raw.count == Self.byteCount else {
            throw .invalidKey(reason: "a Fernet key is \(Self.byteCount) bytes, got \(raw.count)")
        }
        signingKey = Secret(bytes: raw[..<16])
        encryptionKey = Secret(bytes: raw[16...])
        prepared = FernetPreparedKey(signingKey: signingKey, encryptionKey: encryptionKey)
    }

    /// Constant-time comparison of both halves (see ``Secret``'s `==`).
    public static func == (lhs: FernetKey, rhs: FernetKey) -> Bool {
        // Both halves are always compared, whatever the first comparison says.
        let signingKeysMatch = lhs.signingKey == rhs.signingKey
        let encryptionKeysMatch = lhs.encryptionKey == rhs.encryptionKey
        return signingKeysMatch && encryptionKeysMatch
    }

    /// Parses the url-safe base64 text form (padding required, no whitespace).
    public init(base64URL text: String) throws(FernetError) {
        let raw: [UInt8]
        do {
            raw = try Base64.decode(text, alphabet: .urlSafe, padding: .padded)
        } catch {
            // The base64 error says only where the text is malformed, never what the key is.
            throw .invalidKey(reason: "not url-safe base64 with padding (\(error.reason))")
        }
        try self.init(bytes: raw)
    }

    /// Generates a new random key.
    public static func generate() throws -> FernetKey {
        try FernetKey(bytes: SecureRandom.bytes(count: byteCount))
    }

    /// The key in its url-safe base64 text form. Handle the result as a secret.
    public var revealedBase64URL: String {
        Base64.encode(signingKey.revealedBytes + encryptionKey.revealedBytes, alphabet: .urlSafe, padding: .padded)
    }
}

extension FernetKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable, Encodable {
    public var description: String { "FernetKey(\(Secret.placeholder))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// Encodes the string `<redacted>`; use ``revealedBase64URL`` to export a key deliberately.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Secret.placeholder)
    }
}

/// A Fernet key's two halves prepared once: the HMAC-SHA256 inner and outer states and the
/// AES-128 encryption and decryption key schedules. Prints and dumps as `<redacted>`.
final class FernetPreparedKey: Sendable {
    let mac: HMACSHA256Key
    let cipher: AES128CBCKey

    init(signingKey: Secret, encryptionKey: Secret) {
        mac = HMACSHA256Key(signingKey)
        cipher = AES128CBCKey(encryptionKey)
    }
}

extension FernetPreparedKey: CustomStringConvertible, CustomReflectable {
    var description: String { "FernetPreparedKey(\(Secret.placeholder))" }
    var customMirror: Mirror { Mirror(self, children: [:]) }
}
