import Credentials
import Foundation
import Testing

@Suite("Redaction of secrets in every textual and encoded form")
struct RedactionTests {
    static let secretText = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let tokenText = "FwoGZXIvYXdzEXAMPLESESSIONTOKENvalue"

    /// A configuration struct as application code would write it.
    struct DeploymentConfig: Encodable {
        let name: String
        let aws: AWSCredentials
        let fernetKey: FernetKey
        let apiToken: Secret
    }

    /// Every rendering of `value` a developer might log.
    static func renderings<T>(of value: T) -> [String: String] {
        var printed = "", dumped = "", debugPrinted = ""
        print(value, to: &printed)
        debugPrint(value, to: &debugPrinted)
        dump(value, to: &dumped)
        return [
            "print": printed,
            "debugPrint": debugPrinted,
            "dump": dumped,
            "String(describing:)": String(describing: value),
            "String(reflecting:)": String(reflecting: value),
            "interpolation": "\(value)",
            "Mirror children": Mirror(reflecting: value).children.map { "\($0.label ?? ""): \($0.value)" }.joined(),
        ]
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    /// Asserts that no rendering contains any of `secrets`, and that the redaction marker is what shows.
    static func expectNoLeak(_ renderings: [String: String], of secrets: [String], in what: String) {
        for (form, text) in renderings {
            for secret in secrets {
                #expect(!text.contains(secret), "\(what) leaks through \(form): \(text)")
            }
        }
    }

    @Test("Secret renders as <redacted> and compares by value")
    func secret() throws {
        let secret = Secret(Self.secretText)
        let forms = Self.renderings(of: secret).merging(["JSON": try Self.json(secret)]) { $1 }
        Self.expectNoLeak(forms, of: [Self.secretText], in: "Secret")
        #expect(forms["String(describing:)"] == "<redacted>")
        #expect(forms["JSON"] == "\"<redacted>\"")
        #expect(secret.revealedString == Self.secretText)
        #expect(secret == Secret(Self.secretText))
        #expect(secret != Secret(Self.secretText + "x"))
        #expect(Secret(bytes: [0xff]).revealedString == nil)
    }

    @Test("AWSCredentials describe themselves by type name only")
    func awsCredentials() throws {
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.secretText, sessionToken: Self.tokenText)
        let forms = Self.renderings(of: credentials).merging(["JSON": try Self.json(credentials)]) { $1 }
        Self.expectNoLeak(forms, of: [Self.secretText, Self.tokenText], in: "AWSCredentials")
        #expect(String(describing: credentials) == "AWSCredentials")
        #expect(String(reflecting: credentials) == "AWSCredentials")
        #expect(credentials.secretAccessKey.revealedString == Self.secretText)
    }

    @Test("Fernet keys, keyrings and Fernet instances never show key material")
    func fernet() throws {
        let key = try FernetKey.generate()
        let keyText = key.revealedBase64URL
        let keyring = try FernetKeyring(keys: [key, FernetKey.generate()])
        let fernet = Fernet(key: key)
        var forms: [String: String] = [:]
        for (name, value) in [("key", Self.renderings(of: key)), ("keyring", Self.renderings(of: keyring)),
                              ("fernet", Self.renderings(of: fernet))] {
            for (form, text) in value { forms["\(name) \(form)"] = text }
        }
        forms["key JSON"] = try Self.json(key)
        forms["keyring JSON"] = try Self.json(keyring)
        // Neither the text form, nor either half of the raw key in hex or base64, may appear.
        let raw = try Base64.decode(keyText, alphabet: .urlSafe)
        let needles = [keyText, Hex.encode(raw), Hex.encode(raw[..<16]), Hex.encode(raw[16...]),
                       Base64.encode(raw), String(keyText.dropLast(4))]
        Self.expectNoLeak(forms, of: needles, in: "Fernet key material")
    }

    @Test("RSA private keys never show key material")
    func rsaKey() throws {
        let key = try RSAPrivateKey(pem: RSAFixtures.pkcs8PrivateKey)
        let forms = Self.renderings(of: key).merging(["JSON": try Self.json(key)]) { $1 }
        let pemLines = RSAFixtures.pkcs8PrivateKey.split(separator: "\n").filter { !$0.hasPrefix("-----") }.map(String.init)
        Self.expectNoLeak(forms, of: pemLines, in: "RSAPrivateKey")
        #expect(String(describing: key) == "RSAPrivateKey(<redacted>)")
    }

    @Test("signers, presigners and the key cache show neither secrets nor derived keys")
    func signers() throws {
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.secretText, sessionToken: Self.tokenText)
        let cache = AWSSigningKeyCache()
        let signer = AWSSigV4Signer(credentials: credentials, region: "us-east-1", service: "sagemaker", keyCache: cache)
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let derived = Hex.encode(try signer.signingKey(date: date).revealedBytes)
        let presigner = S3Presigner(credentials: credentials, region: "us-east-1", keyCache: cache)
        var forms: [String: String] = [:]
        for (name, value) in [("signer", Self.renderings(of: signer)), ("presigner", Self.renderings(of: presigner)),
                              ("cache", Self.renderings(of: cache))] {
            for (form, text) in value { forms["\(name) \(form)"] = text }
        }
        Self.expectNoLeak(forms, of: [Self.secretText, Self.tokenText, derived], in: "signing types")
    }

    @Test("a struct holding credentials prints, dumps and encodes without leaking")
    func containingStruct() throws {
        let config = DeploymentConfig(
            name: "prod",
            aws: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Self.secretText, sessionToken: Self.tokenText),
            fernetKey: try FernetKey(base64URL: "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4="),
            apiToken: Secret("tok_live_0123456789abcdef")
        )
        let forms = Self.renderings(of: config).merging(["JSON": try Self.json(config)]) { $1 }
        Self.expectNoLeak(
            forms,
            of: [Self.secretText, Self.tokenText, "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=", "tok_live_0123456789abcdef"],
            in: "DeploymentConfig"
        )
        #expect(forms["String(describing:)"]?.contains("prod") == true, "non-secret fields still show")
        #expect(forms["JSON"]?.contains("<redacted>") == true)
        #expect(forms["dump"]?.contains("AWSCredentials") == true, "dump still names the field types")
    }

    @Test("Fernet errors never contain the key or the token")
    func errorsDoNotLeak() throws {
        let text = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4"  // unpadded: refused
        let error = #expect(throws: FernetError.self) { try FernetKey(base64URL: text) }
        #expect(error.map { !String(describing: $0).contains(text) } == true)
    }
}
