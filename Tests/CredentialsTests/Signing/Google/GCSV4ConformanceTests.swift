import Credentials
import Foundation
import Testing

/// gcs/v4_signatures.json: googleapis/conformance-tests, every `signingV4Tests` case.
@Suite("GCS V4 signing (googleapis conformance tests)")
struct GCSV4ConformanceTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let description: String
        let bucket: String
        let object: String?
        let method: String
        let expiration: Int
        let timestamp: String
        let expectedUrl: String
        let expectedCanonicalRequest: String
        let expectedStringToSign: String
        let headers: [String: String]?
        let queryParameters: [String: String]?
        let scheme: String?
        let urlStyle: String?
        let bucketBoundHostname: String?
        let hostname: String?
        let clientEndpoint: String?
        let emulatorHostname: String?
        let universeDomain: String?

        var testDescription: String { description }
        var usesClientConfiguration: Bool {
            hostname != nil || clientEndpoint != nil || emulatorHostname != nil || universeDomain != nil
        }
    }

    private struct File: Decodable {
        let signingV4Tests: [Case]
    }

    /// Client-configuration cases not run, by description, with the reason.
    static let skipped: [String: String] = [
        "Simple GET with non-default hostname":
            "signs `host:localhost` for the endpoint localhost:8080: the port is dropped from the signed host, "
            + "which contradicts google-cloud-storage (sdk gcs-014 signs host:port) and the Host header a client sends",
        "Endpoint on client with scheme": "same localhost:8080 host-without-port expectation as above",
        "Endpoint on client takes precedence over emulator":
            "client precedence between endpoint and emulator settings (Trainyard takes one explicit endpoint), "
            + "and the same localhost:8080 host-without-port expectation",
        "Hostname takes precendence over endpoint and emulator":
            "client precedence among hostname, endpoint and emulator settings; Trainyard takes one explicit endpoint",
        "Universe domain with virtual hosted style":
            "the expected canonical request signs the path /test-bucket/test-object while the expected URL is "
            + "/test-object on the bucket's host; no signer can produce both",
    ]

    static func cases() throws -> [Case] {
        try Conformance.decode(File.self, from: "gcs/v4_signatures.json").signingV4Tests
    }

    static func runnable() throws -> [Case] {
        try cases().filter { skipped[$0.description] == nil }
    }

    /// The endpoint a case configures: the one explicit endpoint, hostname, emulator host or universe.
    static func endpoint(for testCase: Case) throws -> GCSEndpoint {
        let scheme = testCase.scheme ?? "https"
        func withScheme(_ text: String) -> String { text.contains("://") ? text : "\(scheme)://\(text)" }
        let configured = [testCase.hostname, testCase.clientEndpoint, testCase.emulatorHostname].compactMap { $0 }
        if configured.count > 1 {
            throw Conformance.MalformedVector(description: "\(testCase.description): several endpoints configured")
        }
        if let endpoint = configured.first {
            return try GCSEndpoint(url: withScheme(endpoint))
        }
        if let domain = testCase.universeDomain {
            return try GCSEndpoint(universeDomain: domain)
        }
        return .default
    }

    static func method(_ name: String) throws -> GCSSignedURLRequest.Method {
        switch name {
        case "GET": .get
        case "HEAD": .head
        case "PUT": .put
        case "POST": .post
        case "DELETE": .delete
        case "RESUMABLE": .resumableUpload
        default: throw Conformance.MalformedVector(description: "unknown method \(name)")
        }
    }

    @Test("canonical request, string to sign and URL match", arguments: try runnable())
    func signingCase(_ testCase: Case) throws {
        let signer = try GCSTestAccount.signer(endpoint: Self.endpoint(for: testCase))
        let style: GCSURLStyle = switch testCase.urlStyle {
        case nil, "PATH_STYLE": .path
        case "VIRTUAL_HOSTED_STYLE": .virtualHosted
        case "BUCKET_BOUND_HOSTNAME": .bucketBoundHostname(testCase.bucketBoundHostname ?? "", scheme: testCase.scheme ?? "https")
        default: throw Conformance.MalformedVector(description: "unknown urlStyle \(testCase.urlStyle ?? "")")
        }
        let request = GCSSignedURLRequest(
            method: try Self.method(testCase.method),
            bucket: testCase.bucket,
            object: testCase.object,
            queryParameters: (testCase.queryParameters ?? [:]).map { .init($0.key, $0.value) },
            headers: (testCase.headers ?? [:]).map { .init($0.key, $0.value) }
        )
        let signed = try signer.signedURL(
            for: request, style: style, date: Conformance.date(testCase.timestamp), expiresIn: testCase.expiration
        )
        #expect(signed.canonicalRequest == testCase.expectedCanonicalRequest, "\(testCase.description): canonical request")
        #expect(signed.stringToSign == testCase.expectedStringToSign, "\(testCase.description): string to sign")
        #expect(signed.url == testCase.expectedUrl, "\(testCase.description): URL")
    }

    @Test("every skipped case exists, uses client configuration, and everything else runs")
    func skipListIsExact() throws {
        let all = try Self.cases()
        #expect(all.count == 29)
        for (description, _) in Self.skipped {
            let matching = all.filter { $0.description == description }
            #expect(matching.count == 1, "skip list names \(description), which is not exactly one case")
            #expect(matching.allSatisfy { $0.usesClientConfiguration }, "\(description) is skipped but is a plain signing case")
        }
        #expect(try Self.runnable().count == all.count - Self.skipped.count)
    }

    @Test(
        "client-configuration cases whose expectations Trainyard does not share",
        .disabled("skipped by description; the reason for each is in GCSV4ConformanceTests.skipped"),
        arguments: try cases().filter { skipped[$0.description] != nil }
    )
    func skippedCase(_ testCase: Case) throws {
        try signingCase(testCase)
    }
}
