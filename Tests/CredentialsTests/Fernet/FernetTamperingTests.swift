import Credentials
import Testing

@Suite("Fernet tampering, truncation, bad keys and expiry")
struct FernetTamperingTests {
    static let key = FernetKey.testKey(seed: 1)
    static let now: UInt64 = 1_767_225_600

    static func validToken() throws -> String {
        try Fernet(key: key).encrypt(Array("a secret worth protecting, 32+ bytes".utf8), timestamp: now)
    }

    @Test("flipping any bit of any byte of the token is an invalid token")
    func everyBitFlip() throws {
        let fernet = Fernet(key: Self.key)
        let raw = try Base64.decode(Self.validToken(), alphabet: .urlSafe)
        for position in raw.indices {
            for bit in 0..<8 {
                var tampered = raw
                tampered[position] ^= 1 << bit
                let token = Base64.encode(tampered, alphabet: .urlSafe)
                #expect(throws: FernetError.invalidToken, "byte \(position) bit \(bit)") {
                    try fernet.decrypt(token, ttl: 60, now: Self.now)
                }
            }
        }
    }

    @Test("replacing any character of the token text is an invalid token")
    func everyCharacterReplaced() throws {
        let fernet = Fernet(key: Self.key)
        let token = Array(try Self.validToken().utf8)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/!".utf8)
        for position in token.indices {
            for replacement in alphabet where replacement != token[position] {
                var tampered = token
                tampered[position] = replacement
                let text = String(decoding: tampered, as: UTF8.self)
                #expect(throws: FernetError.invalidToken, "position \(position) → \(Character(Unicode.Scalar(replacement)))") {
                    try fernet.decrypt(text)
                }
            }
        }
    }

    @Test("every truncation of the text or of the bytes is an invalid token")
    func truncations() throws {
        let fernet = Fernet(key: Self.key)
        let token = try Self.validToken()
        for length in 0..<token.count {
            #expect(throws: FernetError.invalidToken, "text prefix \(length)") {
                try fernet.decrypt(String(token.prefix(length)))
            }
        }
        let raw = try Base64.decode(token, alphabet: .urlSafe)
        for length in 0..<raw.count {
            let shortened = Base64.encode(raw.prefix(length), alphabet: .urlSafe)
            #expect(throws: FernetError.invalidToken, "byte prefix \(length)") { try fernet.decrypt(shortened) }
        }
        let extended = Base64.encode(raw + [0], alphabet: .urlSafe)
        #expect(throws: FernetError.invalidToken) { try fernet.decrypt(extended) }
    }

    @Test("a token made with another key is an invalid token")
    func wrongKey() throws {
        let token = try Self.validToken()
        #expect(throws: FernetError.invalidToken) { try Fernet(key: FernetKey.testKey(seed: 2)).decrypt(token) }
    }

    @Test("malformed keys are refused with fernet.invalid_key", arguments: [
        "",
        "c2hvcnQ=",                                        // 5 bytes
        "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4",     // padding removed
        "cw/0x689RpI+jtRR7oE8h/eQsKImvJapLeSbXpwF4e4=",    // standard alphabet
        "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=\n",  // trailing newline
        "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=cw==", // 33 bytes
        "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e==",    // 31 bytes
        "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!=",
    ])
    func malformedKeys(_ text: String) {
        let error = #expect(throws: FernetError.self) { try FernetKey(base64URL: text) }
        #expect(error?.code == "fernet.invalid_key")
    }

    @Test("raw keys must be exactly 32 bytes", arguments: [0, 16, 31, 33, 64])
    func rawKeyLengths(_ length: Int) {
        #expect(throws: FernetError.self) { try FernetKey(bytes: [UInt8](repeating: 7, count: length)) }
    }

    @Test("a generated key round-trips through its text form")
    func generatedKey() throws {
        let key = try FernetKey.generate()
        #expect(key.revealedBase64URL.count == 44)
        #expect(try FernetKey(base64URL: key.revealedBase64URL) == key)
        #expect(try FernetKey.generate() != key)
    }

    @Test("TTL boundaries: valid through timestamp + ttl, expired after, 60 s of clock skew allowed")
    func ttlBoundaries() throws {
        let fernet = Fernet(key: Self.key)
        let token = try Self.validToken()
        let t = Self.now
        #expect(try fernet.decrypt(token, ttl: 100, now: t + 100).isEmpty == false)
        #expect(throws: FernetError.expired) { try fernet.decrypt(token, ttl: 100, now: t + 101) }
        #expect(try fernet.decrypt(token, ttl: 0, now: t).isEmpty == false)
        #expect(throws: FernetError.expired) { try fernet.decrypt(token, ttl: 0, now: t + 1) }
        #expect(try fernet.decrypt(token, ttl: 100, now: t - 60).isEmpty == false)
        #expect(throws: FernetError.timestampTooFarInFuture) { try fernet.decrypt(token, ttl: 100, now: t - 61) }
        // Without a TTL there is no time check at all.
        #expect(try fernet.decrypt(token, now: t + 1_000_000_000).isEmpty == false)
        #expect(try fernet.decrypt(token, now: 0).isEmpty == false)
    }

    @Test("timestamps near 2^64 do not overflow the time checks")
    func extremeTimestamps() throws {
        let fernet = Fernet(key: Self.key)
        let late = try fernet.encrypt([1, 2, 3], timestamp: .max)
        #expect(try fernet.decrypt(late, ttl: .max, now: .max) == [1, 2, 3])
        #expect(try fernet.decrypt(late, ttl: 10, now: .max - 5) == [1, 2, 3])
        #expect(throws: FernetError.timestampTooFarInFuture) { try fernet.decrypt(late, ttl: 10, now: 0) }
        let early = try fernet.encrypt([4], timestamp: 0)
        #expect(throws: FernetError.expired) { try fernet.decrypt(early, ttl: .max - 1, now: .max) }
        #expect(try fernet.decrypt(early, ttl: .max, now: .max) == [4])
    }

    @Test("a token with a valid MAC but bad padding fails exactly like a bad MAC")
    func paddingErrorLooksLikeBadMAC() throws {
        // Build a token by hand whose ciphertext decrypts to invalid padding, then MAC it correctly.
        let keyBytes = (0..<32).map { UInt8($0) }
        let key = try FernetKey(bytes: keyBytes)
        let iv = [UInt8](repeating: 9, count: 16)
        let badCiphertext = try AES128CBC.encrypt([UInt8](repeating: 0, count: 16), key: keyBytes[16...], iv: iv).prefix(16)
        var signed: [UInt8] = [0x80] + [UInt8](repeating: 0, count: 8) + iv + badCiphertext
        signed += try HMACSHA256.authenticationCode(for: signed, key: keyBytes[..<16])
        let token = Base64.encode(signed, alphabet: .urlSafe)
        #expect(throws: FernetError.invalidToken) { try Fernet(key: key).decrypt(token) }
    }
}

extension FernetKey {
    /// A deterministic key for tests: 32 bytes derived from `seed`.
    static func testKey(seed: UInt8) -> FernetKey {
        do {
            return try FernetKey(bytes: (0..<32).map { UInt8(truncatingIfNeeded: Int($0) * 31 + Int(seed) * 97) })
        } catch {
            fatalError("32 bytes always make a key: \(error)")
        }
    }
}
