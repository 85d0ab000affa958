import Synchronization

/// A thread-safe cache of derived SigV4 signing keys.
///
/// A signing key depends on the secret access key, the date, the region and the service, and is
/// valid for that whole day, so deriving it (four HMACs) once per combination is enough. Entries are
/// keyed by an HMAC of the secret under a random per-cache salt, so the cache never holds the secret
/// itself or a plain hash of it. The cache is bounded: when it is full, it is emptied.
public final class AWSSigningKeyCache: Sendable {
    /// The cache that signers use unless given another.
    public static let shared = AWSSigningKeyCache()

    private struct Entry: Hashable {
        let secretFingerprint: [UInt8]
        let dateStamp: String
        let region: String
        let service: String
    }

    /// The maximum number of keys held.
    public let capacity: Int
    private let salt: [UInt8]
    private let entries = Mutex<[Entry: Secret]>([:])

    /// Creates an empty cache holding at most `capacity` keys.
    public init(capacity: Int = 64) {
        self.capacity = max(1, capacity)
        // If the system RNG failed, a fixed salt would still keep entries correct; only the
        // fingerprints' unlinkability across processes would be lost. RAND_bytes does not fail on Linux.
        salt = (try? SecureRandom.bytes(count: 32)) ?? Array(repeating: 0, count: 32)
    }

    /// Number of keys currently cached.
    public var count: Int {
        entries.withLock { $0.count }
    }

    /// Forgets every cached key.
    public func removeAll() {
        entries.withLock { $0.removeAll() }
    }

    /// Returns the signing key for the combination, deriving and caching it when needed.
    func signingKey(
        secret: Secret,
        dateStamp: String,
        region: String,
        service: String,
        derive: () throws -> Secret
    ) throws -> Secret {
        let fingerprint = try secret.withRevealedBytes { bytes in
            try HMACSHA256.authenticationCode(for: bytes, key: salt)
        }
        let entry = Entry(secretFingerprint: fingerprint, dateStamp: dateStamp, region: region, service: service)
        if let cached = entries.withLock({ $0[entry] }) {
            return cached
        }
        // Derive outside the lock; two threads racing on a miss compute the same value.
        let key = try derive()
        entries.withLock { entries in
            if entries.count >= capacity {
                entries.removeAll()
            }
            entries[entry] = key
        }
        return key
    }
}

extension AWSSigningKeyCache: CustomStringConvertible, CustomReflectable {
    public var description: String { "AWSSigningKeyCache(\(count) keys, \(Secret.placeholder))" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
