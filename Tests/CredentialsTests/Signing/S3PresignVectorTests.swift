import Credentials
import Foundation
import Testing

/// sdk/s3-presign.jsonl: botocore's `generate_presigned_url`, reproduced byte for byte.
@Suite("S3 presigned URLs (botocore vectors)")
struct S3PresignVectorTests {
    struct Vector: Decodable, Sendable, CustomTestStringConvertible {
        let id: String
        let operation: String
        let method: String
        let bucket: String
        let key: String
        let region: String
        let endpoint_url: String?
        let addressing_style: String
        let access_key_id: String
        let secret_access_key: String
        let session_token: String?
        let now: String
        let expires: Int
        let canonical_request: String
        let string_to_sign: String
        let url: String
        /// The raw line, for the `params` object (whose key order botocore keeps in the URL).
        var line = ""
        var testDescription: String { id }

        private enum CodingKeys: String, CodingKey {
            case id, operation, method, bucket, key, region, endpoint_url, addressing_style, access_key_id,
                 secret_access_key, session_token, now, expires, canonical_request, string_to_sign, url
        }
    }

    static func vectors() throws -> [Vector] {
        try Conformance.lines("sdk/s3-presign.jsonl").map { line in
            var vector = try JSONDecoder().decode(Vector.self, from: Data(line.utf8))
            vector.line = line
            return vector
        }
    }

    /// The `params` entries in the order the line lists them (JSON decoders do not keep key order).
    static func orderedParams(_ line: String) throws -> [(String, Any)] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let params = try #require(object["params"] as? [String: Any])
        let paramsText = try #require(line.range(of: "\"params\": {")).upperBound
        func position(_ name: String) -> String.Index {
            line.range(of: "\"\(name)\": ", range: paramsText..<line.endIndex)?.lowerBound ?? line.endIndex
        }
        return params.sorted { position($0.key) < position($1.key) }
    }

    static func request(for vector: Vector) throws -> S3PresignRequest {
        let params = try orderedParams(vector.line)
        switch vector.operation {
        case "get_object":
            let parameters = try params.map { name, value -> S3GetObjectParameter in
                switch (name, value) {
                case ("ResponseCacheControl", let value as String): .responseCacheControl(value)
                case ("ResponseContentDisposition", let value as String): .responseContentDisposition(value)
                case ("ResponseContentEncoding", let value as String): .responseContentEncoding(value)
                case ("ResponseContentLanguage", let value as String): .responseContentLanguage(value)
                case ("ResponseContentType", let value as String): .responseContentType(value)
                case ("VersionId", let value as String): .versionID(value)
                case ("PartNumber", let value as Int): .partNumber(value)
                default: throw Conformance.MalformedVector(description: "\(vector.id): unknown parameter \(name)")
                }
            }
            return .getObject(bucket: vector.bucket, key: vector.key, parameters)
        case "put_object":
            let parameters = try params.flatMap { name, value -> [S3PutObjectParameter] in
                switch (name, value) {
                case ("ContentType", let value as String): [.contentType(value)]
                case ("ContentMD5", let value as String): [.contentMD5(value)]
                case ("ServerSideEncryption", let value as String): [.serverSideEncryption(value)]
                case ("Metadata", let value as [String: String]):
                    value.sorted { $0.key < $1.key }.map { .metadata(name: $0.key, value: $0.value) }
                default: throw Conformance.MalformedVector(description: "\(vector.id): unknown parameter \(name)")
                }
            }
            return .putObject(bucket: vector.bucket, key: vector.key, parameters)
        default:
            throw Conformance.MalformedVector(description: "\(vector.id): unknown operation \(vector.operation)")
        }
    }

    static func presigner(for vector: Vector) throws -> S3Presigner {
        let style: S3AddressingStyle = switch vector.addressing_style {
        case "auto": .automatic
        case "virtual": .virtualHosted
        case "path": .path
        default: throw Conformance.MalformedVector(description: "\(vector.id): unknown style \(vector.addressing_style)")
        }
        return S3Presigner(
            credentials: AWSCredentials(
                accessKeyID: vector.access_key_id,
                secretAccessKey: vector.secret_access_key,
                sessionToken: vector.session_token
            ),
            region: vector.region,
            endpoint: try vector.endpoint_url.map { try S3Endpoint(url: $0) },
            addressingStyle: style
        )
    }

    @Test("canonical request, string to sign and the whole URL match botocore", arguments: try vectors())
    func vector(_ vector: Vector) throws {
        let request = try Self.request(for: vector)
        #expect(request.method == vector.method, "\(vector.id)")
        let presigned = try Self.presigner(for: vector).presignedURL(
            for: request, date: Conformance.date(vector.now), expiresIn: vector.expires
        )
        #expect(presigned.canonicalRequest == vector.canonical_request, "\(vector.id): canonical request")
        #expect(presigned.stringToSign == vector.string_to_sign, "\(vector.id): string to sign")
        #expect(vector.url.hasSuffix("&X-Amz-Signature=\(presigned.signature)"), "\(vector.id): signature")
        #expect(presigned.url == vector.url, "\(vector.id): URL")
        // The uploader must send exactly the signed headers other than Host.
        let signedHeaders = vector.canonical_request.split(separator: "\n").dropLast().last.map(String.init) ?? ""
        let sent = Set(presigned.headers.map { $0.name.lowercased() } + ["host"])
        #expect(sent == Set(signedHeaders.split(separator: ";").map(String.init)), "\(vector.id): headers to send")
    }

    @Test("the file has all 40 lines")
    func count() throws {
        #expect(try Self.vectors().count == 40)
    }
}
