import Credentials
import Foundation
import Testing

/// sdk/aws-json-sigv4.jsonl: botocore's header-signed SageMaker requests.
@Suite("SigV4 header signing of AWS JSON requests (botocore vectors)")
struct AWSJSONSigningTests {
    struct Vector: Decodable, Sendable, CustomTestStringConvertible {
        let id: String
        let operation: String
        let region: String
        let access_key_id: String
        let secret_access_key: String
        let session_token: String?
        let now: String
        let method: String
        let url: String
        let headers: [[String]]
        let body: String
        let canonical_request: String
        let string_to_sign: String
        let authorization: String
        var testDescription: String { "\(id) \(operation)" }
    }

    static func vectors() throws -> [Vector] {
        try Conformance.decodeLines(Vector.self, from: "sdk/aws-json-sigv4.jsonl")
    }

    @Test("canonical request, string to sign and Authorization match botocore", arguments: try vectors())
    func vector(_ vector: Vector) throws {
        let url = try #require(URLComponents(string: vector.url), "\(vector.id)")
        let host = try #require(url.host, "\(vector.id)")
        func recorded(_ name: String) throws -> String {
            try #require(vector.headers.first { $0.first == name }?.last, "\(vector.id): no \(name) header")
        }
        let request = AWSSigV4Request(
            method: vector.method,
            path: url.path.isEmpty ? "/" : url.path,
            headers: [
                .init("Host", host),
                .init("X-Amz-Target", try recorded("X-Amz-Target")),
                .init("Content-Type", try recorded("Content-Type")),
            ]
        )
        let signer = AWSSigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: vector.access_key_id,
                secretAccessKey: vector.secret_access_key,
                sessionToken: vector.session_token
            ),
            region: vector.region,
            service: "sagemaker"
        )
        let signed = try signer.signHeaders(
            request, payload: .bytes(Array(vector.body.utf8)), date: Conformance.date(vector.now)
        )
        #expect(signed.canonicalRequest == vector.canonical_request, "\(vector.id): canonical request")
        #expect(signed.stringToSign == vector.string_to_sign, "\(vector.id): string to sign")
        #expect(signed.authorization == vector.authorization, "\(vector.id): authorization")
        #expect(signed.authorization == (try recorded("Authorization")), "\(vector.id): header as sent")
        #expect(
            signed.request.headers.first { $0.name == "X-Amz-Date" }?.value == (try recorded("X-Amz-Date")),
            "\(vector.id): X-Amz-Date"
        )
        if let token = vector.session_token {
            #expect(signed.request.headers.contains(.init("X-Amz-Security-Token", token)), "\(vector.id): token sent")
        }
    }

    @Test("the file has all 12 lines")
    func count() throws {
        #expect(try Self.vectors().count == 12)
    }
}
