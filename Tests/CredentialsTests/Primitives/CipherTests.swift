import Credentials
import Testing

@Suite("AES-128-CBC")
struct CipherTests {
    // NIST SP 800-38A, appendix F.2.1 (CBC-AES128.Encrypt).
    static let key = "2b7e151628aed2a6abf7158809cf4f3c"
    static let iv = "000102030405060708090a0b0c0d0e0f"
    static let plaintext = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
        + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710"
    static let ciphertext = "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
        + "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7"

    @Test("NIST SP 800-38A F.2.1 blocks, followed by one PKCS#7 padding block")
    func nistVector() throws {
        let key = try Hex.decode(Self.key), iv = try Hex.decode(Self.iv)
        let encrypted = try AES128CBC.encrypt(Hex.decode(Self.plaintext), key: key, iv: iv)
        #expect(encrypted.count == 80)
        #expect(Hex.encode(encrypted.prefix(64)) == Self.ciphertext)
        #expect(Hex.encode(try AES128CBC.decrypt(encrypted, key: key, iv: iv)) == Self.plaintext)
    }

    @Test("round trip for every length from 0 to 64 bytes")
    func roundTrips() throws {
        let key = try SecureRandom.bytes(count: 16), iv = try SecureRandom.bytes(count: 16)
        for length in 0...64 {
            let plaintext = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            let ciphertext = try AES128CBC.encrypt(plaintext, key: key, iv: iv)
            #expect(ciphertext.count == (length / 16 + 1) * 16, "length \(length)")
            #expect(try AES128CBC.decrypt(ciphertext, key: key, iv: iv) == plaintext, "length \(length)")
        }
    }

    @Test("bad key, IV, block count and padding are errors carrying a reason")
    func errors() throws {
        let key = [UInt8](repeating: 1, count: 16), iv = [UInt8](repeating: 2, count: 16)
        #expect(throws: CryptoError.self) { try AES128CBC.encrypt([1], key: key.dropLast(), iv: iv) }
        #expect(throws: CryptoError.self) { try AES128CBC.encrypt([1], key: key, iv: iv + [0]) }
        let partial = try #require(throws: CryptoError.self) { try AES128CBC.decrypt([UInt8](repeating: 0, count: 15), key: key, iv: iv) }
        #expect(!partial.reasons.isEmpty)
        // Alone, the first block of the encryption of 16 zero bytes decrypts to 16 zero bytes;
        // a last byte of 0 is never valid PKCS#7 padding.
        let wrongPadding = try AES128CBC.encrypt([UInt8](repeating: 0, count: 16), key: key, iv: iv).prefix(16)
        let error = try #require(throws: CryptoError.self) { try AES128CBC.decrypt(wrongPadding, key: key, iv: iv) }
        #expect(error.description.contains("bad decrypt"), "OpenSSL's reason should be carried: \(error)")
    }
}
