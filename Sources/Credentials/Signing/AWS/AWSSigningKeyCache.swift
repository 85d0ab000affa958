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

    /// The HMAC of a secret under the cache's salt: identifies the secret without revealing it.
    struct Fingerprint: Hashable, Sendable {
        let words: (UInt64, UInt64, UInt64, UInt64)

        static func == (lhs: Fingerprint, rhs: Fingerprint) -> Bool {
            lhs.words == rhs.words
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(words.0)
            hasher.combine(words.1)
            hasher.combine(words.2)
            hasher.combine(words.3)
        }
    }

    private struct Entry: Hashable {
        let secretFingerprint: Fingerprint
        let dateStamp: String
        let region: String
        let service: String

        /// Hashes the fingerprint only (already a uniformly random 256-bit value); the strings are
        /// compared by `==`. The few entries of one secret share a bucket chain, which is cheaper
        /// than hashing three strings on every lookup.
        func hash(into hasher: inout Hasher) {
            hasher.combine(secretFingerprint)
        }
    }

    /// The maximum number of keys held.
    public let capacity: Int
    private let salt: HMACSHA256Key
    private let entries = Mutex<[Entry: Secret]>([:])

    /// Creates an empty cache holding at most `capacity` keys.
    public init(capacity: Int = 64) {
        self.capacity = max(1, capacity)
        // If the system RNG failed, a fixed salt would still keep entries correct; only the
        // fingerprints' unlinkability across processes would be lost. RAND_bytes does not fail on Linux.
        var saltBytes = (try? SecureRandom.bytes(count: 32)) ?? Array(repeating: 0, count: 32)
        salt = saltBytes.withUnsafeBytes { HMACSHA256Key($0) }
        wipe(&saltBytes)
    }

    /// The fingerprint of `secret` under this cache's salt (computing it costs one HMAC).
    func fingerprint(of secret: Secret) -> Fingerprint {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { tag in
            guard let tagBase = tag.baseAddress else { return }
            secret.withRevealedBytes { bytes in
                salt.authenticationCode(for: bytes, into: tagBase.assumingMemoryBound(to: UInt8.self))
            }
        }
        return Fingerprint(words: words)
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
    ///
    /// `fingerprint` is the secret's ``fingerprint(of:)``, which signers compute once.
    func signingKey(
        fingerprint: Fingerprint,
        dateStamp: String,
        region: String,
        service: String,
        derive: () throws -> Secret
    ) throws -> Secret {
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
