import COpenSSL
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
        if let iv, iv.count != AES128CBC.blockByteCount {
            throw CryptoError(operation: "Fernet.encrypt", reasons: ["IV must be 16 bytes, got \(iv.count)"])
        }
        let timestamp = timestamp ?? Self.currentTimestamp()
        return try plaintext.withContiguousBytes { plaintext in
            try seal(plaintext, timestamp: timestamp, iv: iv)
        }
    }

    /// Builds the token in one buffer: header, IV, AES output written in place, HMAC appended,
    /// then base64url straight into the string's storage.
    private func seal(_ plaintext: UnsafeRawBufferPointer, timestamp: UInt64, iv: [UInt8]?) throws -> String {
        guard plaintext.count <= Int(Int32.max) - AES128CBC.blockByteCount else {
            throw CryptoError(operation: "AES-128-CBC encrypt", reasons: ["input too large"])
        }
        let header = FernetToken.headerByteCount
        let ciphertextCount = AES128CBC.ciphertextCount(ofPlaintextCount: plaintext.count)
        let signedCount = header + ciphertextCount
        // The cipher may be handed room for a full extra block; the MAC's 32 bytes cover it.
        let tokenCount = signedCount + FernetToken.macByteCount
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: tokenCount) { token in
            guard let base = token.baseAddress else {
                throw CryptoError(operation: "Fernet.encrypt", reasons: ["no buffer"])
            }
            FernetToken.writeHeader(timestamp: timestamp, to: base)
            let ivBuffer = UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: token[FernetToken.ivRange]))
            if let iv {
                ivBuffer.copyBytes(from: iv)
            } else {
                try RandomPool.fill(ivBuffer)
            }
            let written = try key.prepared.cipher.run(
                encrypting: true,
                input: plaintext,
                iv: UnsafeRawBufferPointer(ivBuffer),
                output: UnsafeMutableBufferPointer(rebasing: token[header..<(header + plaintext.count + AES128CBC.blockByteCount)])
            )
            guard written == ciphertextCount else {
                throw CryptoError(operation: "AES-128-CBC encrypt", reasons: ["unexpected ciphertext length \(written)"])
            }
            key.prepared.mac.authenticationCode(
                for: UnsafeRawBufferPointer(start: base, count: signedCount),
                into: base + signedCount
            )
            return Base64.encode(UnsafeRawBufferPointer(token), alphabet: .urlSafe, padding: .padded)
        }
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
        let cipher = key.prepared.cipher
        let plaintext: [UInt8]? = token.withParts { _, iv, ciphertext, _ in
            try? [UInt8](unsafeUninitializedCapacity: ciphertext.count + AES128CBC.blockByteCount) { output, initialized in
                initialized = try cipher.run(encrypting: false, input: ciphertext, iv: iv, output: output)
            }
        }
        // A padding error after a valid MAC means the key's owner made a bad token;
        // it is still reported exactly like a bad MAC.
        guard let plaintext else { throw .invalidToken }
        return plaintext
    }

    /// Recomputes the MAC and compares it with the token's in constant time.
    private func verifyMAC(of token: FernetToken) throws(FernetError) {
        let mac = key.prepared.mac
        let valid = token.withParts { signed, _, _, tokenMAC in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: HMACSHA256.byteCount) { expected in
                guard let expectedBase = expected.baseAddress, let tokenBase = tokenMAC.baseAddress,
                      tokenMAC.count == HMACSHA256.byteCount
                else { return false }
                mac.authenticationCode(for: signed, into: expectedBase)
                defer { expected.update(repeating: 0) }
                return CRYPTO_memcmp(expectedBase, tokenBase, HMACSHA256.byteCount) == 0
            }
        }
        guard valid else { throw .invalidToken }
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
