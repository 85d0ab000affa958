import AsyncHTTPClient
import NIOCore
import NIOHTTP1
@testable import Storage
import Testing

/// Blob service error answers, in the shapes of the REST reference, mapped onto ``StorageError``.
@Suite("Azure Blob error answers")
struct AzureBlobErrorTests {
    struct Answer: Sendable, CustomTestStringConvertible {
        let status: HTTPResponseStatus
        let errorCode: String?
        let body: String
        let expected: StorageError

        var testDescription: String { "\(status.code) \(errorCode ?? "(no x-ms-error-code)")" }
    }

    static func document(_ code: String, _ message: String, extra: String = "") -> String {
        #"<?xml version="1.0" encoding="utf-8"?><Error><Code>\#(code)</Code><Message>\#(message)"#
            + "\nRequestId:0f4c3e2a-d01e-0046-4b5a-3b4e7c000000\nTime:2026-05-28T20:41:40.1234567Z</Message>\(extra)</Error>"
    }

    static let key = "orgs/acme/model.bin"

    static let answers: [Answer] = [
        Answer(status: .serviceUnavailable, errorCode: "ServerBusy",
               body: document("ServerBusy", "The server is currently unable to receive requests. Please retry your request."),
               expected: .backend(code: "ServerBusy", message: "The server is currently unable to receive requests. Please retry your request.")),
        Answer(status: .internalServerError, errorCode: "InternalError",
               body: document("InternalError", "The server encountered an internal error. Please retry the request."),
               expected: .backend(code: "InternalError", message: "The server encountered an internal error. Please retry the request.")),
        Answer(status: .forbidden, errorCode: "AuthenticationFailed",
               body: document("AuthenticationFailed", "Server failed to authenticate the request.",
                              extra: "<AuthenticationErrorDetail>The MAC signature found in the HTTP request is not the same as any computed signature.</AuthenticationErrorDetail>"),
               expected: .credentials(code: "AuthenticationFailed", message: "Server failed to authenticate the request.")),
        Answer(status: .forbidden, errorCode: "AuthorizationFailure",
               body: document("AuthorizationFailure", "This request is not authorized to perform this operation."),
               expected: .credentials(code: "AuthorizationFailure", message: "This request is not authorized to perform this operation.")),
        Answer(status: .notFound, errorCode: "BlobNotFound", body: document("BlobNotFound", "The specified blob does not exist."),
               expected: .notFound(key)),
        Answer(status: .notFound, errorCode: "ContainerNotFound", body: document("ContainerNotFound", "The specified container does not exist."),
               expected: .backend(code: "ContainerNotFound", message: "The specified container does not exist.")),
        // HEAD answers carry the code in the header only.
        Answer(status: .notFound, errorCode: "BlobNotFound", body: "", expected: .notFound(key)),
        Answer(status: .forbidden, errorCode: "AuthenticationFailed", body: "",
               expected: .credentials(code: "AuthenticationFailed", message: "Forbidden")),
        // A proxy's page: neither header nor XML.
        Answer(status: .badGateway, errorCode: nil, body: "<html><body>Bad Gateway</body></html>",
               expected: .backend(code: "HTTP502", message: "Bad Gateway")),
    ]

    @Test("each answer maps onto its StorageError", arguments: answers)
    func mapping(_ answer: Answer) async throws {
        var headers = HTTPHeaders([("Content-Type", "application/xml")])
        if let code = answer.errorCode { headers.add(name: "x-ms-error-code", value: code) }
        let response = HTTPClientResponse(status: answer.status, headers: headers, body: .bytes(ByteBuffer(string: answer.body)))
        await #expect(throws: answer.expected) { try await AzureBlobStorage.check(response, key: Self.key) }
    }

    @Test("success answers pass")
    func success() async throws {
        for status in [HTTPResponseStatus.ok, .created, .accepted] {
            try await AzureBlobStorage.check(HTTPClientResponse(status: status), key: Self.key)
        }
    }
}
