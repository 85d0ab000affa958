import Credentials
import Foundation
import Testing

@Suite("Fernet conformance vectors")
struct FernetConformanceTests {
    @Test("fernet/spec generate.json: encrypting reproduces the token")
    func specGenerate() throws {
        let cases = try FernetVectors.generate()
        #expect(cases.count == 1)
        for (index, vector) in cases.enumerated() {
            let fernet = try Fernet(key: FernetKey(base64URL: vector.secret))
            let token = try fernet.encrypt(
                Array(vector.src.utf8), timestamp: Conformance.unixSeconds(vector.now), iv: vector.iv
            )
            #expect(token == vector.token, "generate.json[\(index)]")
        }
    }

    @Test("fernet/spec verify.json: decrypting at `now` within the TTL gives the source")
    func specVerify() throws {
        let cases = try FernetVectors.verify()
        #expect(cases.count == 1)
        for (index, vector) in cases.enumerated() {
            let fernet = try Fernet(key: FernetKey(base64URL: vector.secret))
            let plaintext = try fernet.decrypt(vector.token, ttl: vector.ttl_sec, now: Conformance.unixSeconds(vector.now))
            #expect(plaintext == Array(vector.src.utf8), "verify.json[\(index)]")
        }
    }

    @Test("fernet/spec invalid.json: every case fails", arguments: try FernetVectors.invalid())
    func specInvalid(_ vector: FernetVectors.Invalid) throws {
        let fernet = try Fernet(key: FernetKey(base64URL: vector.secret))
        let now = try Conformance.unixSeconds(vector.now)
        let expected: FernetError = switch vector.desc {
        case "expired TTL": .expired
        case "far-future TS (unacceptable clock skew)": .timestampTooFarInFuture
        default: .invalidToken
        }
        #expect(throws: expected, "invalid.json: \(vector.desc)") {
            try fernet.decrypt(vector.token, ttl: vector.ttl_sec, now: now)
        }
    }

    @Test("invalid.json has the eight documented cases")
    func specInvalidCount() throws {
        #expect(try FernetVectors.invalid().count == 8)
    }

    @Test("sdk/fernet-python.jsonl: encrypt reproduces the token, decrypt gives the plaintext",
          arguments: try FernetVectors.python())
    func python(_ vector: FernetVectors.Python) throws {
        let fernet = try Fernet(key: FernetKey(base64URL: vector.secret))
        let plaintext = try Base64.decode(vector.plaintext_b64)
        #expect(plaintext.count == vector.plaintext_len, "\(vector.id)")
        #expect(try fernet.decrypt(vector.token) == plaintext, "\(vector.id)")
        #expect(try fernet.timestamp(of: vector.token) == vector.now, "\(vector.id)")
        if let ivText = vector.iv_b64 {
            let iv = try Base64.decode(ivText)
            #expect(try fernet.encrypt(plaintext, timestamp: vector.now, iv: iv) == vector.token, "\(vector.id)")
        }
    }

    @Test("sdk/fernet-python.jsonl has all 30 lines, each with an IV to re-encrypt with")
    func pythonCount() throws {
        let cases = try FernetVectors.python()
        #expect(cases.count == 30)
        #expect(cases.allSatisfy { $0.iv_b64 != nil })
    }

    /// Strictness choice: tokens must be url-safe base64 with padding and nothing else, so the three
    /// `python_lenient` inputs (standard alphabet, a line break, a `!`) are refused as invalid tokens.
    @Test("sdk/fernet-python-ttl.jsonl: every outcome matches (python_lenient inputs refused)",
          arguments: try FernetVectors.pythonTTL())
    func pythonTTL(_ vector: FernetVectors.PythonTTL) throws {
        let fernet = try Fernet(key: FernetKey(base64URL: vector.secret))
        let expectsSuccess = vector.result == "ok" && !vector.python_lenient
        #expect(vector.result == "ok" || vector.result == "invalid", "\(vector.id): unknown result \(vector.result)")
        #expect(vector.ttl == nil || vector.now != nil, "\(vector.id): a TTL needs a time")
        do {
            let plaintext = try fernet.decrypt(vector.token, ttl: vector.ttl, now: vector.now)
            #expect(expectsSuccess, "\(vector.id): decrypted but expected failure")
            let expected = try Base64.decode(try #require(vector.plaintext_b64, "\(vector.id)"))
            #expect(plaintext == expected, "\(vector.id)")
        } catch {
            #expect(!expectsSuccess, "\(vector.id): expected success, got \(error)")
        }
    }

    @Test("sdk/fernet-python-ttl.jsonl has all 24 lines, three of them python_lenient")
    func pythonTTLCount() throws {
        let cases = try FernetVectors.pythonTTL()
        #expect(cases.count == 24)
        #expect(cases.filter(\.python_lenient).map(\.id) == ["fernet-ttl-022", "fernet-ttl-023", "fernet-ttl-024"])
    }
}
