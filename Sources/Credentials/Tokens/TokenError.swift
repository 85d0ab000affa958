/// Why an access token could not be obtained, classified for the caller's retry and fallback logic.
///
/// ``message`` is the server's `error_description` when it sent one; tokens, assertions and client
/// secrets never appear in it.
public struct TokenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What the caller should do about the failure.
    public enum Category: String, Sendable {
        /// The credentials were refused (`invalid_grant`, `invalid_client`, `unauthorized_client`):
        /// fix or replace them; retrying will not help.
        case credentials
        /// A transient failure (HTTP 429 or 5xx, timeout, connection failure): retry with backoff.
        case retryable
        /// The request or the response is wrong in some other way (other 4xx, unparseable reply).
        case invalid
    }

    /// The classification.
    public let category: Category
    /// The OAuth `error` code (`invalid_grant`, …), or `http_<status>`, `transport`, `invalid_response`.
    public let code: String
    /// The HTTP status, when a response arrived.
    public let status: Int?
    /// Provider-specific codes, e.g. `AADSTS7000215` from Microsoft Entra ID.
    public let serviceCodes: [String]
    /// The server's description, or ours.
    public let message: String

    /// Creates an error.
    public init(category: Category, code: String, status: Int? = nil, serviceCodes: [String] = [], message: String) {
        self.category = category
        self.code = code
        self.status = status
        self.serviceCodes = serviceCodes
        self.message = message
    }

    /// Whether retrying later may succeed.
    public var isRetryable: Bool { category == .retryable }

    public var description: String {
        var text = "token.\(category.rawValue): \(code)"
        if let status { text += " (HTTP \(status))" }
        if !serviceCodes.isEmpty { text += " [\(serviceCodes.joined(separator: ", "))]" }
        return text + ": \(message)"
    }
}
