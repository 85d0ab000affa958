import Credentials
import Foundation
import Testing

/// awslabs/aws-c-auth `aws-signing-test-suite/v4`: header and query signing for every case.
@Suite("SigV4: aws-c-auth v4 suite")
struct SigV4AwsCAuthTests {
    static let suite = "sigv4/v4"

    struct Context: Decodable {
        struct Credentials: Decodable {
            let access_key_id: String
            let secret_access_key: String
            let token: String?
        }

        let credentials: Credentials
        let expiration_in_seconds: Int
        let normalize: Bool
        let region: String
        let service: String
        let sign_body: Bool
        let timestamp: String
        let omit_session_token: Bool?
    }

    static func cases() throws -> [String] {
        let root = try Conformance.url(suite)
        return try FileManager.default.contentsOfDirectory(atPath: root.path).filter { name in
            FileManager.default.fileExists(atPath: root.appendingPathComponent("\(name)/context.json").path)
        }.sorted()
    }

    /// Loads a case; every context in this edition uses AWS4-HMAC-SHA256 (no SigV4a/ECDSA cases).
    static func load(_ name: String) throws -> (Context, RawHTTPRequest, AWSSigV4Signer, Date) {
        let context = try Conformance.decode(Context.self, from: "\(suite)/\(name)/context.json")
        let raw = try RawHTTPRequest(Conformance.text("\(suite)/\(name)/request.txt"), folding: .unfoldWithSpace)
        let signer = AWSSigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: context.credentials.access_key_id,
                secretAccessKey: context.credentials.secret_access_key,
                sessionToken: context.credentials.token
            ),
            region: context.region,
            service: context.service,
            pathCanonicalization: context.normalize ? .normalizedAndEncoded : .asSent,
            sessionTokenPlacement: context.omit_session_token == true ? .addedAfterSigning : .signed
        )
        return (context, raw, signer, try Conformance.date(context.timestamp))
    }

    @Test("header signing: canonical request, string to sign, signature", arguments: try cases())
    func headerSigning(_ name: String) throws {
        let (context, raw, signer, date) = try Self.load(name)
        let signed = try signer.signHeaders(
            raw.request, payload: .bytes(raw.body), date: date, addContentSHA256Header: context.sign_body
        )
        #expect(signed.canonicalRequest == (try Conformance.text("\(Self.suite)/\(name)/header-canonical-request.txt")), "\(name)")
        #expect(signed.stringToSign == (try Conformance.text("\(Self.suite)/\(name)/header-string-to-sign.txt")), "\(name)")
        #expect(signed.signature == (try Conformance.text("\(Self.suite)/\(name)/header-signature.txt")), "\(name)")
        let expectedRequest = try Conformance.text("\(Self.suite)/\(name)/header-signed-request.txt")
        #expect(expectedRequest.contains("Authorization:\(signed.authorization)\n"), "\(name): Authorization header")
    }

    @Test("query signing: canonical request, string to sign, signature", arguments: try cases())
    func querySigning(_ name: String) throws {
        let (context, raw, signer, date) = try Self.load(name)
        let presigned = try signer.presign(
            raw.request, payload: .bytes(raw.body), date: date, expiresIn: context.expiration_in_seconds
        )
        #expect(presigned.canonicalRequest == (try Conformance.text("\(Self.suite)/\(name)/query-canonical-request.txt")), "\(name)")
        #expect(presigned.stringToSign == (try Conformance.text("\(Self.suite)/\(name)/query-string-to-sign.txt")), "\(name)")
        #expect(presigned.signature == (try Conformance.text("\(Self.suite)/\(name)/query-signature.txt")), "\(name)")
        // The signed request carries the same parameters (aws-c-auth orders them differently and
        // writes non-ASCII names unencoded, so compare decoded parameters as a multiset).
        let signedRequest = try Conformance.text("\(Self.suite)/\(name)/query-signed-request.txt")
        let requestLine = try #require(signedRequest.split(separator: "\n").first)
        let target = requestLine.dropFirst(raw.request.method.count + 1).dropLast(" HTTP/1.1".count)
        let expectedQuery = try #require(target.split(separator: "?", maxSplits: 1).last)
        #expect(Self.decodedMultiset(presigned.encodedQuery) == Self.decodedMultiset(expectedQuery), "\(name): query parameters")
    }

    static func decodedMultiset(_ query: some StringProtocol) -> [String: Int] {
        query.split(separator: "&").reduce(into: [:]) { counts, pair in
            counts[String(pair).removingPercentEncoding ?? "<bad encoding: \(pair)>", default: 0] += 1
        }
    }

    @Test("the suite has all 38 cases")
    func caseCount() throws {
        #expect(try Self.cases().count == 38)
    }
}
