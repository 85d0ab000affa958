import Credentials
import Foundation
import Testing

/// AWS's 2015 "aws-sig-v4-test-suite": parse `.req`, compare `.creq`, `.sts` and `.authz` byte for byte.
@Suite("SigV4: aws-sig-v4-test-suite (2015)")
struct SigV4SuiteTests {
    static let suite = "sigv4/aws-sig-v4-test-suite"
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    /// Relative folders (e.g. `get-vanilla`, `normalize-path/get-slash`) holding a `<name>.req`.
    static func cases() throws -> [String] {
        let root = try Conformance.url(suite)
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw Conformance.MissingVectors(path: root.path)
        }
        return enumerator.compactMap { item in
            guard let url = item as? URL, url.pathExtension == "req" else { return nil }
            return url.deletingLastPathComponent().path.replacingOccurrences(of: root.path + "/", with: "")
        }.sorted()
    }

    static func sessionToken() throws -> String {
        let readme = try Conformance.text("\(suite)/post-sts-token/readme.txt")
        // The readme uses CRLF line ends; its last line is the token.
        let lines = readme.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        return try #require(lines.last { !$0.isEmpty && !$0.contains(" ") })
    }

    @Test("every case in the suite", arguments: try cases())
    func suiteCase(_ path: String) throws {
        let name = URL(fileURLWithPath: path).lastPathComponent
        func file(_ suffix: String) throws -> String {
            try Conformance.text("\(Self.suite)/\(path)/\(name).\(suffix)")
        }
        let raw = try RawHTTPRequest(file("req"), folding: .continuationIsRepeatedHeader)
        let token: String? = path.hasPrefix("post-sts-token/") ? try Self.sessionToken() : nil
        let signer = AWSSigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: "AKIDEXAMPLE",
                secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                sessionToken: token
            ),
            region: "us-east-1",
            service: "service",
            pathCanonicalization: .normalizedAndEncoded,
            sessionTokenPlacement: name == "post-sts-header-after" ? .addedAfterSigning : .signed
        )
        let signed = try signer.signHeaders(raw.request, payload: .bytes(raw.body), date: Self.date)
        #expect(signed.canonicalRequest == (try file("creq")), "\(path): canonical request")
        #expect(signed.stringToSign == (try file("sts")), "\(path): string to sign")
        #expect(signed.authorization == (try file("authz")), "\(path): authorization")
        if let token {
            #expect(signed.request.headers.contains(.init("X-Amz-Security-Token", token)), "\(path): token header sent")
        }
    }

    @Test("the suite has all 31 cases, including the 7 normalize-path and 2 post-sts-token sub-cases")
    func caseCount() throws {
        let cases = try Self.cases()
        #expect(cases.count == 31)
        #expect(cases.filter { $0.hasPrefix("normalize-path/") }.count == 7)
        #expect(cases.filter { $0.hasPrefix("post-sts-token/") }.count == 2)
    }
}
