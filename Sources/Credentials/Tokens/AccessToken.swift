import Foundation

/// An OAuth 2.0 access token and when it expires.
///
/// The token is a ``Secret``: the value describes, dumps and encodes itself without it. Use
/// ``authorizationHeaderValue`` to put it on a request.
public struct AccessToken: Sendable, Equatable {
    /// The token.
    public let value: Secret
    /// The token type the server returned, normally `Bearer`.
    public let tokenType: String
    /// When the token was obtained (by the provider's clock).
    public let obtainedAt: Date
    /// When the token expires (by the provider's clock).
    public let expiresAt: Date

    /// Creates a token.
    public init(value: Secret, tokenType: String = "Bearer", obtainedAt: Date, expiresAt: Date) {
        self.value = value
        self.tokenType = tokenType
        self.obtainedAt = obtainedAt
        self.expiresAt = expiresAt
    }

    /// `Bearer <token>`, as a ``Secret``, for an `Authorization` header.
    public var authorizationHeaderValue: Secret {
        value.withRevealedBytes { Secret(bytes: Array("Bearer ".utf8) + $0) }
    }
}

extension AccessToken: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable, Encodable {
    public var description: String {
        "AccessToken(\(Secret.placeholder), expiresAt: \(expiresAt.formatted(.iso8601)))"
    }

    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["tokenType": tokenType, "expiresAt": expiresAt]) }

    private enum CodingKeys: String, CodingKey { case value, tokenType, expiresAt }

    /// Encodes `<redacted>` for the token, the type and the expiry.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(value, forKey: .value)
        try container.encode(tokenType, forKey: .tokenType)
        try container.encode(expiresAt, forKey: .expiresAt)
    }
}
