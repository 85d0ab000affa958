/// Several Fernet keys for key rotation, with the semantics of Python's `MultiFernet`.
///
/// The first key (the *primary*) encrypts; every key is tried for decryption, primary first.
/// To rotate: put a new key in front with ``rotated(to:)``, ``reseal(_:)`` stored tokens, then drop
/// the old key with ``removing(_:)``.
public struct FernetKeyring: Sendable, Equatable {
    /// All keys, primary first.
    public let keys: [FernetKey]

    /// Creates a keyring; `keys[0]` becomes the primary key.
    ///
    /// - Throws: ``FernetError/invalidKey(reason:)`` when `keys` is empty.
    public init(keys: [FernetKey]) throws(FernetError) {
        guard !keys.isEmpty else {
            throw .invalidKey(reason: "a keyring needs at least one key")
        }
        self.keys = keys
    }

    /// The key that encrypts.
    public var primary: FernetKey {
        keys[0]
    }

    /// A keyring with `newPrimary` in front of the current keys (moved there if already present).
    public func rotated(to newPrimary: FernetKey) -> FernetKeyring {
        // Cannot throw: the result holds at least `newPrimary`.
        FernetKeyring(nonEmpty: [newPrimary] + keys.filter { $0 != newPrimary })
    }

    /// A keyring without `key`; tokens made only with it stop decrypting.
    ///
    /// - Throws: ``FernetError/invalidKey(reason:)`` when that would leave no key.
    public func removing(_ key: FernetKey) throws(FernetError) -> FernetKeyring {
        try FernetKeyring(keys: keys.filter { $0 != key })
    }

    /// Encrypts with the primary key (see ``Fernet/encrypt(_:timestamp:iv:)``).
    public func encrypt(_ plaintext: some Sequence<UInt8>, timestamp: UInt64? = nil, iv: [UInt8]? = nil) throws -> String {
        try Fernet(key: primary).encrypt(plaintext, timestamp: timestamp, iv: iv)
    }

    /// Decrypts a token made with any key of the ring (see ``Fernet/decrypt(_:ttl:now:)``).
    ///
    /// Time errors come from the key whose MAC matched; ``FernetError/invalidToken`` means no key did.
    public func decrypt(_ token: String, ttl: UInt64? = nil, now: UInt64? = nil) throws(FernetError) -> [UInt8] {
        let parsed = try FernetToken(parsing: token)
        for key in keys {
            do {
                return try Fernet(key: key).decrypt(parsed, ttl: ttl, now: now)
            } catch .invalidToken {
                continue
            }
        }
        throw .invalidToken
    }

    /// Re-encrypts `token` under the primary key with a fresh IV.
    ///
    /// Like Python's `MultiFernet.rotate`, the original timestamp is kept (so a TTL still counts from
    /// when the data was first sealed) and no TTL is checked here.
    public func reseal(_ token: String) throws -> String {
        let parsed = try FernetToken(parsing: token)
        for key in keys {
            do {
                let plaintext = try Fernet(key: key).decrypt(parsed, ttl: nil, now: nil)
                return try encrypt(plaintext, timestamp: parsed.timestamp)
            } catch FernetError.invalidToken {
                continue
            }
        }
        throw FernetError.invalidToken
    }

    private init(nonEmpty keys: [FernetKey]) {
        self.keys = keys
    }
}

extension FernetKeyring: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable, Encodable {
    public var description: String { "FernetKeyring(\(keys.count) keys, \(Secret.placeholder))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// Encodes the string `<redacted>`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Secret.placeholder)
    }
}
