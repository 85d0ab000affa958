import Credentials
import Testing

@Suite("RSA PKCS#1 v1.5 SHA-256 signatures")
struct RSATests {
    static let message = Array(RSAFixtures.message.utf8)

    static let pems: [String: String] = [
        "PKCS#8": RSAFixtures.pkcs8PrivateKey,
        "PKCS#1": RSAFixtures.pkcs1PrivateKey,
        "empty": "",
        "not PEM": "hello",
        "truncated": String(RSAFixtures.pkcs8PrivateKey.prefix(300)),
        "public key": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
        "encrypted": RSAFixtures.encryptedPrivateKey,
        "EC key": RSAFixtures.ecPrivateKey,
    ]

    @Test("PKCS#1 and PKCS#8 PEM keys give OpenSSL's own signature", arguments: ["PKCS#8", "PKCS#1"])
    func knownAnswer(_ form: String) throws {
        let key = try RSAPrivateKey(pem: #require(Self.pems[form]))
        #expect(key.bitCount == 2048, "\(form)")
        #expect(Hex.encode(try key.signature(for: Self.message)) == RSAFixtures.opensslSignatureHex, "\(form)")
    }

    @Test("sign and verify round trip through the exported public key")
    func roundTrip() throws {
        let key = try RSAPrivateKey(pem: RSAFixtures.pkcs1PrivateKey)
        let publicPEM = try key.publicKeyPEM()
        #expect(publicPEM.hasPrefix("-----BEGIN PUBLIC KEY-----"))
        let publicKey = try RSAPublicKey(pem: publicPEM)
        let signature = try key.signature(for: Self.message)
        #expect(try publicKey.isValidSignature(signature, for: Self.message))
        var tampered = signature
        tampered[10] ^= 0x40
        #expect(try !publicKey.isValidSignature(tampered, for: Self.message))
        #expect(try !publicKey.isValidSignature(signature, for: Self.message + [0]))
        #expect(try !publicKey.isValidSignature([], for: Self.message))
    }

    @Test("the GCS conformance dummy service-account key loads and signs")
    func gcsDummyKey() throws {
        struct ServiceAccount: Decodable {
            let private_key: String
        }
        let account = try Conformance.decode(ServiceAccount.self, from: "gcs/test_service_account.not-a-test.json")
        let key = try RSAPrivateKey(pem: account.private_key)
        let publicKey = try RSAPublicKey(pem: key.publicKeyPEM())
        #expect(try publicKey.isValidSignature(key.signature(for: Self.message), for: Self.message))
    }

    @Test("wrong PEM input gives a CryptoError with a reason", arguments: [
        "empty", "not PEM", "truncated", "public key", "encrypted", "EC key",
    ])
    func wrongPEM(_ name: String) throws {
        let pem = try #require(Self.pems[name])
        let error = #expect(throws: CryptoError.self, "\(name)") { try RSAPrivateKey(pem: pem) }
        #expect(error?.operation == "RSAPrivateKey(pem:)", "\(name)")
        #expect(error?.reasons.isEmpty == false, "\(name)")
        #expect(error?.reasons.contains("no reason on the OpenSSL error queue") == false, "\(name): \(String(describing: error))")
    }

    @Test("an EC key is refused as not RSA")
    func ecKeyIsNotRSA() {
        let error = #expect(throws: CryptoError.self) { try RSAPrivateKey(pem: RSAFixtures.ecPrivateKey) }
        #expect(error?.description.contains("not an RSA key") == true)
    }
}
