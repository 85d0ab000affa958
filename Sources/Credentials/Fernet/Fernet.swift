import Foundation

/// Fernet symmetric authenticated encryption, exactly as specified at https://github.com/fernet/spec
/// and as Python's `cryptography.fernet.Fernet` implements it.
///
/// Tokens are AES-128-CBC ciphertexts authenticated with HMAC-SHA256 (encrypt-then-MAC) and carry
/// the time they were made.
///
/// Decryption verifies the MAC (in constant time) before it looks at the time or decrypts; every
/// malformed, altered or foreign token, padding errors included, fails with the same
/// ``FernetError/invalidToken``.
///
/// Time rules, as in Python: with a `ttl`, a token is accepted while `timestamp + ttl >= now` and
/// while `timestamp <= now + 60` (``maximumClockSkew``). Without a `ttl` there is no time check at all,
/// not even for timestamps far in the future. Timestamps are unsigned 64-bit seconds since the Unix
/// epoch; sums that overflow 64 bits are treated as larger than any `now`.
///
/// Token syntax is strict: url-safe base64 *with* padding and nothing else. Python's decoder also
/// accepts the standard `+`/`/` alphabet and skips stray characters such as line breaks or `!`;
/// such tokens are refused here (``FernetError/invalidToken``), so that every token has exactly one
/// spelling and string comparison of tokens is meaningful. Tokens Python *produces* are always
/// canonical and decrypt here.
public struct Fernet: Sendable {
    /// How far (in seconds) a token's timestamp may be ahead of `now` when a TTL is checked.
    public static let maximumClockSkew: UInt64 = 60

    /// The key this instance encrypts and decrypts with.
    public let key: FernetKey

    /// Creates a Fernet instance for `key`.
    public init(key: FernetKey) {
        self.key = key
    }

    /// The current time in whole seconds since the Unix epoch, as Python's `int(time.time())`.
    public static func currentTimestamp() -> UInt64 {
        UInt64(max(0, Date().timeIntervalSince1970))
    }

    /// Encrypts `plaintext` into a token.
    ///
    /// - Parameters:
    ///   - timestamp: the token's creation time; defaults to now. Pass a value only in tests or
    ///     when re-sealing, as ``FernetKeyring/reseal(_:)`` does.
    ///   - iv: the 16-byte IV; defaults to fresh random bytes. A fixed IV is for test vectors only:
    ///     reusing an IV with the same key leaks plaintext equality.
    public func encrypt(
        _ plaintext: some Sequence<UInt8>,
        timestamp: UInt64? = nil,
        iv: [UInt8]? = nil
    ) throws -> String {
        let iv = try iv ?? SecureRandom.bytes(count: AES128CBC.blockByteCount)
        guard iv.count == AES128CBC.blockByteCount else {
            throw CryptoError(operation: "Fernet.encrypt", reasons: ["IV must be 16 bytes, got \(iv.count)"])
        }
        let ciphertext = try key.encryptionKey.withRevealedBytes { encryptionKey in
            try AES128CBC.encrypt(plaintext, key: encryptionKey, iv: iv)
        }
        let signed = FernetToken.signedBytes(
            timestamp: timestamp ?? Self.currentTimestamp(),
            iv: iv,
            ciphertext: ciphertext
        )
        let mac = try key.signingKey.withRevealedBytes { signingKey in
            try HMACSHA256.authenticationCode(for: signed, key: signingKey)
        }
        return Base64.encode(signed + mac, alphabet: .urlSafe, padding: .padded)
    }

    /// Decrypts `token`, checking its age when `ttl` is given.
    ///
    /// - Parameters:
    ///   - ttl: maximum age in seconds, or `nil` for no time check at all.
    ///   - now: the current time in seconds since the Unix epoch; defaults to the system clock.
    /// - Throws: ``FernetError``.
    public func decrypt(_ token: String, ttl: UInt64? = nil, now: UInt64? = nil) throws(FernetError) -> [UInt8] {
        try decrypt(FernetToken(parsing: token), ttl: ttl, now: now)
    }

    /// Returns the creation time of an authentic `token`, without decrypting it or checking its age.
    public func timestamp(of token: String) throws(FernetError) -> UInt64 {
        let parsed = try FernetToken(parsing: token)
        try verifyMAC(of: parsed)
        return parsed.timestamp
    }

    func decrypt(_ token: FernetToken, ttl: UInt64?, now: UInt64?) throws(FernetError) -> [UInt8] {
        try verifyMAC(of: token)
        if let ttl {
            try Self.checkTime(of: token.timestamp, ttl: ttl, now: now ?? Self.currentTimestamp())
        }
        do {
            return try key.encryptionKey.withRevealedBytes { encryptionKey in
                try AES128CBC.decrypt(token.ciphertext, key: encryptionKey, iv: token.iv)
            }
        } catch {
            // A padding error after a valid MAC means the key's owner made a bad token;
            // it is still reported exactly like a bad MAC.
            throw .invalidToken
        }
    }

    private func verifyMAC(of token: FernetToken) throws(FernetError) {
        let valid = try? key.signingKey.withRevealedBytes { signingKey in
            try HMACSHA256.isValidAuthenticationCode(token.mac, for: token.signedBytes, key: signingKey)
        }
        guard valid == true else { throw .invalidToken }
    }

    private static func checkTime(of timestamp: UInt64, ttl: UInt64, now: UInt64) throws(FernetError) {
        let (expiry, expiryOverflows) = timestamp.addingReportingOverflow(ttl)
        if !expiryOverflows, expiry < now {
            throw .expired
        }
        let (latestAllowed, latestOverflows) = now.addingReportingOverflow(maximumClockSkew)
        if !latestOverflows, latestAllowed < timestamp {
            throw .timestampTooFarInFuture
        }
    }
}
