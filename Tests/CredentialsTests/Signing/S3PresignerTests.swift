import Credentials
import Foundation
import Testing

@Suite("S3 presigner rules beyond the vectors")
struct S3PresignerTests {
    static let credentials = AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret")
    static let date = Date(timeIntervalSince1970: 1_772_366_400)

    static func url(_ bucket: String, region: String = "eu-west-1", endpoint: String? = nil,
                    style: S3AddressingStyle = .automatic) throws -> String {
        let presigner = S3Presigner(
            credentials: credentials, region: region, endpoint: try endpoint.map { try S3Endpoint(url: $0) },
            addressingStyle: style
        )
        let url = try presigner.presignedURL(for: .getObject(bucket: bucket, key: "k"), date: date, expiresIn: 60).url
        return String(url.prefix { $0 != "?" })
    }

    @Test("buckets that cannot be a host label go path-style", arguments: [
        "UpperCase", "under_score", "ab", String(repeating: "a", count: 64), "-leading", "trailing-", "dot.ted",
    ])
    func nonDNSBuckets(_ bucket: String) throws {
        #expect(try Self.url(bucket, style: .virtualHosted).hasPrefix("https://s3.eu-west-1.amazonaws.com/"))
    }

    @Test("virtual-hosted style on a custom host name, path-style on an IP address")
    func customEndpoints() throws {
        #expect(try Self.url("bucket", endpoint: "http://minio.local:9000", style: .virtualHosted) == "http://bucket.minio.local:9000/k")
        #expect(try Self.url("bucket", endpoint: "http://10.0.0.1:9000", style: .virtualHosted) == "http://10.0.0.1:9000/bucket/k")
        #expect(try Self.url("bucket", endpoint: "https://s3.example.com:443/") == "https://bucket.s3.example.com/k")
    }

    @Test("malformed endpoints are refused", arguments: [
        "s3.example.com", "ftp://host", "http://", "http://host/path", "http://host:0", "http://host:x", "http://user@host",
    ])
    func badEndpoints(_ text: String) {
        #expect(throws: AWSSigningError.self) { try S3Endpoint(url: text) }
    }

    @Test("empty bucket or key is refused")
    func emptyNames() {
        let presigner = S3Presigner(credentials: Self.credentials, region: "us-east-1")
        #expect(throws: AWSSigningError.self) {
            try presigner.presignedURL(for: .getObject(bucket: "", key: "k"), date: Self.date, expiresIn: 60)
        }
        #expect(throws: AWSSigningError.self) {
            try presigner.presignedURL(for: .getObject(bucket: "b", key: ""), date: Self.date, expiresIn: 60)
        }
    }
}
