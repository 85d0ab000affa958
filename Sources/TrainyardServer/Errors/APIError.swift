import Foundation
import HTTPTypes
import Hummingbird

/// Every error the API answers with, in one shape: `{"error": {"code", "message", "details"}}`, where `code` is
/// stable and machine-readable and `details` holds what a client needs to act (diagnostics, the numbers of a refusal).
public struct APIError: Error, HTTPResponseError, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var details: (any Encodable & Sendable)?

    public init(_ status: HTTPResponse.Status, code: String, message: String, details: (any Encodable & Sendable)? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
    }

    /// 404 for something the caller's organization does not have: the same answer whether it exists elsewhere or not.
    public static func notFound(_ code: String, _ message: String) -> APIError { APIError(.notFound, code: code, message: message) }

    /// 400 for a request that cannot be read.
    public static func badRequest(_ code: String, _ message: String, details: (any Encodable & Sendable)? = nil) -> APIError {
        APIError(.badRequest, code: code, message: message, details: details)
    }

    /// 401 without a valid API key.
    public static func unauthenticated(_ message: String) -> APIError { APIError(.unauthorized, code: "auth.required", message: message) }

    public var description: String { "\(status.code) \(code): \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        let body = try APIJSON.encoder.encode(Envelope(error: Body(code: code, message: message, details: details.map(AnyEncodable.init))))
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    private struct Envelope: Encodable {
        var error: Body
    }

    private struct Body: Encodable {
        var code: String
        var message: String
        var details: AnyEncodable?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(code, forKey: .code)
            try container.encode(message, forKey: .message)
            if let details { try container.encode(details, forKey: .details) } else { try container.encode([String: String](), forKey: .details) }
        }

        enum CodingKeys: String, CodingKey { case code, message, details }
    }

    private struct AnyEncodable: Encodable {
        let value: any Encodable
        init(_ value: any Encodable) { self.value = value }
        func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
    }
}
