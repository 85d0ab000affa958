import Credentials
import Foundation
import Testing

@Suite("SigV4 signer behaviour")
struct AWSSigV4SignerTests {
    static let credentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    )
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
    static let request = AWSSigV4Request(method: "GET", path: "/", headers: [.init("Host", "example.amazonaws.com")])

    @Test("signing key derivation matches AWS's documented example (20120215, us-east-1, iam)")
    func documentedSigningKey() throws {
        let key = try AWSSigV4Signer.deriveSigningKey(
            secretAccessKey: Self.credentials.secretAccessKey, dateStamp: "20120215", region: "us-east-1", service: "iam"
        )
        #expect(Hex.encode(key.revealedBytes) == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }

    @Test("the signing key cache holds one key per secret, date, region and service, across threads")
    func cache() async throws {
        let cache = AWSSigningKeyCache()
        let signer = AWSSigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "service", keyCache: cache)
        let expected = try AWSSigV4Signer.deriveSigningKey(
            secretAccessKey: Self.credentials.secretAccessKey, dateStamp: "20150830", region: "us-east-1", service: "service"
        )
        let keys = try await withThrowingTaskGroup(of: Secret.self) { group in
            for _ in 0..<64 {
                group.addTask { try signer.signingKey(date: Self.date) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(keys.count == 64)
        #expect(keys.allSatisfy { $0 == expected })
        #expect(cache.count == 1)

        _ = try signer.signingKey(date: Self.date.addingTimeInterval(86_400))
        _ = try AWSSigV4Signer(credentials: Self.credentials, region: "eu-west-1", service: "service", keyCache: cache)
            .signingKey(date: Self.date)
        _ = try AWSSigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3", keyCache: cache)
            .signingKey(date: Self.date)
        let otherSecret = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "another secret")
        let otherKey = try AWSSigV4Signer(credentials: otherSecret, region: "us-east-1", service: "service", keyCache: cache)
            .signingKey(date: Self.date)
        #expect(otherKey != expected, "same access key id, different secret: a different signing key")
        #expect(cache.count == 5)
        cache.removeAll()
        #expect(cache.count == 0)
    }

    @Test("a full cache starts over instead of growing")
    func cacheCapacity() throws {
        let cache = AWSSigningKeyCache(capacity: 2)
        for region in ["a", "b", "c"] {
            _ = try AWSSigV4Signer(credentials: Self.credentials, region: region, service: "s", keyCache: cache)
                .signingKey(date: Self.date)
        }
        #expect(cache.count == 1)
    }

    @Test("presign expiry must be 1...604800 seconds", arguments: [-1, 0, 604_801, Int.max])
    func invalidExpiry(_ seconds: Int) {
        let signer = AWSSigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        #expect(throws: AWSSigningError.invalidExpiry(seconds)) {
            try signer.presign(Self.request, date: Self.date, expiresIn: seconds)
        }
    }

    @Test("presign accepts the extreme expiries 1 and 604800")
    func validExpiry() throws {
        let signer = AWSSigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        for seconds in [1, 604_800] {
            let presigned = try signer.presign(Self.request, date: Self.date, expiresIn: seconds)
            #expect(presigned.request.query.contains(.init("X-Amz-Expires", String(seconds))))
            #expect(presigned.canonicalRequest.hasSuffix("\nUNSIGNED-PAYLOAD"))
            #expect(presigned.request.query.last?.name == "X-Amz-Signature")
        }
    }

    @Test("a request without Host is refused")
    func missingHost() {
        let signer = AWSSigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "service")
        let request = AWSSigV4Request(method: "GET", path: "/", headers: [])
        #expect(throws: AWSSigningError.missingHostHeader) {
            try signer.signHeaders(request, payload: .bytes([]), date: Self.date)
        }
        #expect(throws: AWSSigningError.missingHostHeader) { try signer.presign(request, date: Self.date, expiresIn: 60) }
    }

    @Test("x-amz-content-sha256 is added and signed on request, and UNSIGNED-PAYLOAD is used for streaming")
    func contentSHA256() throws {
        let signer = AWSSigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        let hashed = try signer.signHeaders(Self.request, payload: .bytes(Array("hi".utf8)), date: Self.date, addContentSHA256Header: true)
        let digest = try SHA256.hexDigest("hi".utf8)
        #expect(hashed.request.headers.contains(.init("x-amz-content-sha256", digest)))
        #expect(hashed.canonicalRequest.hasSuffix("host;x-amz-content-sha256;x-amz-date\n\(digest)"))
        let streamed = try signer.signHeaders(Self.request, payload: .unsigned, date: Self.date, addContentSHA256Header: true)
        #expect(streamed.request.headers.contains(.init("x-amz-content-sha256", "UNSIGNED-PAYLOAD")))
        #expect(streamed.canonicalRequest.hasSuffix("\nUNSIGNED-PAYLOAD"))
        let without = try signer.signHeaders(Self.request, payload: .bytes([]), date: Self.date)
        #expect(!without.request.headers.contains { $0.name.lowercased() == "x-amz-content-sha256" })
    }

    @Test("stale X-Amz-Date and Authorization headers are replaced, not signed twice")
    func replacesManagedHeaders() throws {
        let signer = AWSSigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "service")
        var request = Self.request
        request.headers += [.init("X-Amz-Date", "19990101T000000Z"), .init("Authorization", "stale")]
        let signed = try signer.signHeaders(request, payload: .bytes([]), date: Self.date)
        #expect(signed.request.headers.filter { $0.name.lowercased() == "x-amz-date" } == [.init("X-Amz-Date", "20150830T123600Z")])
        #expect(signed.request.headers.filter { $0.name == "Authorization" }.count == 1)
    }

    @Test("path canonicalisation: S3 keeps the path, other services normalise and encode again")
    func pathModes() {
        let s3 = AWSSigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        let other = AWSSigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "ec2")
        #expect(s3.pathCanonicalization == .asSent)
        #expect(other.pathCanonicalization == .normalizedAndEncoded)
        #expect(s3.canonicalURI(for: "/a//b/./c/../d%20e") == "/a//b/./c/../d%20e")
        #expect(other.canonicalURI(for: "/a//b/./c/../d%20e") == "/a/b/d%2520e")
        #expect(other.canonicalURI(for: "") == "/")
    }

    @Test("signing dates are UTC and zero-padded, including before 1970 and after 2038")
    func dates() throws {
        let signer = AWSSigV4Signer(credentials: Self.credentials, region: "r", service: "s")
        #expect(signer.credentialScope(date: Date(timeIntervalSince1970: 0)) == "19700101/r/s/aws4_request")
        #expect(signer.credentialScope(date: Date(timeIntervalSince1970: -1)) == "19691231/r/s/aws4_request")
        // 2100 is not a leap year: 28 February is followed by 1 March.
        #expect(signer.credentialScope(date: Date(timeIntervalSince1970: 4_107_542_399)) == "21000228/r/s/aws4_request")
        #expect(signer.credentialScope(date: Date(timeIntervalSince1970: 4_107_542_400)) == "21000301/r/s/aws4_request")
        let sts = try signer.stringToSign(canonicalRequest: "", date: Date(timeIntervalSince1970: 951_782_400))  // 2000-02-29
        #expect(sts.split(separator: "\n")[1] == "20000229T000000Z")
    }
}
