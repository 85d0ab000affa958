import Credentials
import Testing

@Suite("SHA-256 and HMAC-SHA256 known answers")
struct DigestTests {
    @Test("SHA-256 FIPS 180 examples")
    func sha256KnownAnswers() throws {
        #expect(try SHA256.hexDigest("abc".utf8) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(try SHA256.hexDigest([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            try SHA256.hexDigest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        )
    }

    @Test("streaming SHA-256 of one million 'a' in uneven chunks")
    func sha256Streaming() throws {
        var hasher = try SHA256()
        var remaining = 1_000_000
        var chunkSize = 1
        while remaining > 0 {
            let size = min(chunkSize, remaining)
            try hasher.update(repeatElement(UInt8(ascii: "a"), count: size))
            remaining -= size
            chunkSize = chunkSize * 3 + 1
        }
        #expect(Hex.encode(try hasher.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("streaming and one-shot SHA-256 agree for every split point")
    func sha256SplitPoints() throws {
        let message = Array("The quick brown fox jumps over the lazy dog".utf8)
        let expected = try SHA256.hash(message)
        for split in 0...message.count {
            var hasher = try SHA256()
            try hasher.update(message[..<split])
            try hasher.update(message[split...])
            #expect(try hasher.finalize() == expected, "split at \(split)")
        }
    }

    struct HMACCase: Sendable, CustomTestStringConvertible {
        let name: String
        let key: [UInt8]
        let data: [UInt8]
        let expectedHex: String
        var testDescription: String { name }
    }

    /// RFC 4231 section 4 test cases for HMAC-SHA-256.
    static let rfc4231: [HMACCase] = [
        HMACCase(name: "RFC 4231 test case 1", key: Array(repeating: 0x0b, count: 20), data: Array("Hi There".utf8),
                 expectedHex: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        HMACCase(name: "RFC 4231 test case 2", key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8),
                 expectedHex: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        HMACCase(name: "RFC 4231 test case 3", key: Array(repeating: 0xaa, count: 20), data: Array(repeating: 0xdd, count: 50),
                 expectedHex: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        HMACCase(name: "RFC 4231 test case 4", key: Array(1...25), data: Array(repeating: 0xcd, count: 50),
                 expectedHex: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        HMACCase(name: "RFC 4231 test case 5 (truncated to 128 bits)", key: Array(repeating: 0x0c, count: 20),
                 data: Array("Test With Truncation".utf8), expectedHex: "a3b6167473100ee06e0c796c2955552b"),
        HMACCase(name: "RFC 4231 test case 6", key: Array(repeating: 0xaa, count: 131),
                 data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
                 expectedHex: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        HMACCase(name: "RFC 4231 test case 7", key: Array(repeating: 0xaa, count: 131),
                 data: Array(("This is a test using a larger than block-size key and a larger than block-size data. "
                     + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
                 expectedHex: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test("HMAC-SHA256 RFC 4231 vectors", arguments: rfc4231)
    func hmacKnownAnswers(_ vector: HMACCase) throws {
        let tag = Hex.encode(try HMACSHA256.authenticationCode(for: vector.data, key: vector.key))
        #expect(tag.hasPrefix(vector.expectedHex), "\(vector.name)")
        #expect(tag.count == 64)
    }

    @Test("HMAC verification rejects a changed tag, message or key")
    func hmacVerification() throws {
        let key = Array("key".utf8), message = Array("message".utf8)
        let tag = try HMACSHA256.authenticationCode(for: message, key: key)
        #expect(try HMACSHA256.isValidAuthenticationCode(tag, for: message, key: key))
        var changed = tag
        changed[31] ^= 1
        #expect(try !HMACSHA256.isValidAuthenticationCode(changed, for: message, key: key))
        #expect(try !HMACSHA256.isValidAuthenticationCode(tag.dropLast(), for: message, key: key))
        #expect(try !HMACSHA256.isValidAuthenticationCode(tag, for: Array("messagf".utf8), key: key))
        #expect(try !HMACSHA256.isValidAuthenticationCode(tag, for: message, key: Array("kez".utf8)))
    }

    @Test("HMAC accepts an empty key and an empty message")
    func hmacEmptyInputs() throws {
        // Python: hmac.new(b"", b"", hashlib.sha256).hexdigest()
        #expect(
            Hex.encode(try HMACSHA256.authenticationCode(for: [], key: []))
                == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"
        )
    }
}
