import Credentials
import Foundation
import Testing

@Suite("GCS V4 signer behaviour")
struct GCSV4SignerTests {
    static let date = Date(timeIntervalSince1970: 1_772_366_400)  // 2026-03-01T12:00:00Z

    @Test("the signature verifies with the service account's public key")
    func signatureVerifies() throws {
        let account = try GCSTestAccount.serviceAccount()
        let signed = try GCSV4Signer(serviceAccount: account)
            .signedURL(for: .init(method: .get, bucket: "b", object: "o"), date: Self.date, expiresIn: 60)
        let publicKey = try RSAPublicKey(pem: account.rsaPrivateKey().publicKeyPEM())
        #expect(try publicKey.isValidSignature(Hex.decode(signed.signature), for: Array(signed.stringToSign.utf8)))
        #expect(try !publicKey.isValidSignature(Hex.decode(signed.signature), for: Array((signed.stringToSign + "x").utf8)))
    }

    @Test("expiries outside 1...604800 s are refused", arguments: [0, -1, 604_801])
    func badExpiry(_ seconds: Int) throws {
        #expect(throws: GCSSigningError.invalidExpiry(seconds)) {
            try GCSTestAccount.signer().signedURL(for: .init(method: .get, bucket: "b", object: "o"), date: Self.date, expiresIn: seconds)
        }
    }

    @Test("a customer-supplied key must be 32 bytes, and its value is a header to send")
    func encryptionKey() throws {
        let signer = try GCSTestAccount.signer()
        #expect(throws: GCSSigningError.self) {
            try signer.signedURL(
                for: .init(method: .get, bucket: "b", object: "o", customerEncryptionKey: Secret(bytes: [1, 2, 3])),
                date: Self.date, expiresIn: 60
            )
        }
        let key = Secret(bytes: [UInt8](repeating: 7, count: 32))
        let signed = try signer.signedURL(
            for: .init(method: .get, bucket: "b", object: "o", customerEncryptionKey: key), date: Self.date, expiresIn: 60
        )
        #expect(signed.headers.map(\.name) == ["x-goog-encryption-algorithm", "x-goog-encryption-key", "x-goog-encryption-key-sha256"])
        #expect(signed.headers[1].value == Base64.encode([UInt8](repeating: 7, count: 32)))
    }

    @Test("bad endpoints are refused", arguments: ["storage.googleapis.com", "ftp://x", "https://h/path", "https://h:0", "https://"])
    func badEndpoint(_ url: String) {
        #expect(throws: GCSSigningError.self) { try GCSEndpoint(url: url) }
    }

    @Test("the description shows neither the signature nor the query")
    func descriptionHidesSignature() throws {
        let signed = try GCSTestAccount.signer()
            .signedURL(for: .init(method: .put, bucket: "b", object: "o"), date: Self.date, expiresIn: 60)
        #expect(!"\(signed)".contains(signed.signature))
        #expect("\(signed)" == "GCSSignedURL(PUT https://storage.googleapis.com/b/o?<signed query>)")
    }
}
