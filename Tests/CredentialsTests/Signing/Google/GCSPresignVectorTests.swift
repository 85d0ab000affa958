import Credentials
import Foundation
import Testing

/// sdk/gcs-presign.jsonl: google-cloud-storage's `Blob.generate_signed_url(version="v4")`.
@Suite("GCS V4 signed URLs (google-cloud-storage vectors)")
struct GCSPresignVectorTests {
    struct Vector: Decodable, Sendable, CustomTestStringConvertible {
        struct Arguments: Decodable, Sendable {
            let method: String
            let content_type: String?
            let content_md5: String?
            let headers: [String: String]?
            let query_parameters: [String: String?]?
            let response_disposition: String?
            let response_type: String?
            let generation: Int64?
            let virtual_hosted_style: Bool?
            let bucket_bound_hostname: String?
            let scheme: String?
            let api_access_endpoint: String?
        }

        let id: String
        let description: String
        let bucket: String
        let object: String
        let now: String
        let expiration_seconds: Int
        let kwargs: Arguments
        let encryption_key_b64: String?
        let canonical_request: String
        let string_to_sign: String
        let url: String

        var testDescription: String { "\(id) \(description)" }
    }

    static func vectors() throws -> [Vector] {
        try Conformance.decodeLines(Vector.self, from: "sdk/gcs-presign.jsonl")
    }

    @Test("canonical request, string to sign and the whole URL match the SDK", arguments: try vectors())
    func vector(_ vector: Vector) throws {
        let arguments = vector.kwargs
        let endpoint = try arguments.api_access_endpoint.map { try GCSEndpoint(url: $0) } ?? .default
        let signer = try GCSTestAccount.signer(endpoint: endpoint)
        let style: GCSURLStyle = if let host = arguments.bucket_bound_hostname {
            .bucketBoundHostname(host, scheme: arguments.scheme ?? "http")
        } else if arguments.virtual_hosted_style == true {
            .virtualHosted
        } else {
            .path
        }
        let request = GCSSignedURLRequest(
            method: try GCSV4ConformanceTests.method(arguments.method),
            bucket: vector.bucket,
            object: vector.object,
            queryParameters: (arguments.query_parameters ?? [:]).map { .init($0.key, $0.value ?? "") },
            headers: (arguments.headers ?? [:]).map { .init($0.key, $0.value) },
            contentType: arguments.content_type,
            contentMD5: arguments.content_md5,
            customerEncryptionKey: try vector.encryption_key_b64.map { Secret(bytes: try Base64.decode($0)) },
            generation: arguments.generation,
            responseContentDisposition: arguments.response_disposition,
            responseContentType: arguments.response_type
        )
        let signed = try signer.signedURL(
            for: request, style: style, date: Conformance.date(vector.now), expiresIn: vector.expiration_seconds
        )
        #expect(signed.canonicalRequest == vector.canonical_request, "\(vector.id): canonical request")
        #expect(signed.stringToSign == vector.string_to_sign, "\(vector.id): string to sign")
        #expect(signed.url == vector.url, "\(vector.id): URL")
        // Whoever uses the URL must send exactly the signed headers other than host.
        let signedNames = vector.canonical_request.split(separator: "\n").dropLast().last.map(String.init) ?? ""
        let sent = Set(signed.headers.map { $0.name.lowercased() } + ["host"])
        #expect(sent == Set(signedNames.split(separator: ";").map(String.init)), "\(vector.id): headers to send")
    }
}
