import Foundation

/// A signed service-account JWT for the OAuth 2.0 JWT-bearer grant (RFC 7523), as Google's token
/// endpoint expects it.
///
/// Header `{"alg":"RS256","kid":<private_key_id>,"typ":"JWT"}`; claims `iss` (the client e-mail),
/// `scope` (space-separated), `aud` (the key's `token_uri`), `iat` and `exp = iat + 3600`. Signed
/// with RSASSA-PKCS1-v1_5 SHA-256. The compact JWT is a ``Secret`` (it is a bearer credential for
/// an hour): the value describes, dumps and encodes itself without it.
public struct GoogleJWTAssertion: Sendable, Equatable {
    /// The lifetime Google allows for an assertion: one hour.
    public static let lifetime: TimeInterval = 3600

    /// The compact serialisation `header.claims.signature`.
    public let compact: Secret
    /// The `iat` claim (whole seconds).
    public let issuedAt: Date
    /// The `exp` claim.
    public let expiresAt: Date

    private struct Header: Encodable {
        var alg = "RS256"
        var kid: String
        var typ = "JWT"
    }

    private struct Claims: Encodable {
        var iss: String
        var scope: String
        var aud: String
        var iat: Int64
        var exp: Int64
    }

    /// Builds and signs an assertion for `scopes`, issued at `now` (rounded down to the second).
    public init(serviceAccount: GCPServiceAccountKey, privateKey: RSAPrivateKey, scopes: [String], now: Date) throws {
        let iat = Int64(now.timeIntervalSince1970.rounded(.down))
        let exp = iat + Int64(Self.lifetime)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let header = try encoder.encode(Header(kid: serviceAccount.privateKeyID))
        let claims = try encoder.encode(Claims(
            iss: serviceAccount.clientEmail,
            scope: scopes.joined(separator: " "),
            aud: serviceAccount.tokenURI,
            iat: iat,
            exp: exp
        ))
        let signingInput = Base64.encode(header, alphabet: .urlSafe, padding: .unpadded) + "."
            + Base64.encode(claims, alphabet: .urlSafe, padding: .unpadded)
        let signature = try privateKey.signature(for: signingInput.utf8)
        compact = Secret(signingInput + "." + Base64.encode(signature, alphabet: .urlSafe, padding: .unpadded))
        issuedAt = Date(timeIntervalSince1970: TimeInterval(iat))
        expiresAt = Date(timeIntervalSince1970: TimeInterval(exp))
    }
}

extension GoogleJWTAssertion: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable, Encodable {
    public var description: String { "GoogleJWTAssertion(\(Secret.placeholder))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["issuedAt": issuedAt, "expiresAt": expiresAt]) }

    /// Encodes `<redacted>`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Secret.placeholder)
    }
}
