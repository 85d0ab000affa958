import Foundation

/// An Azure service principal with a client secret, and the subscription Trainyard works in.
///
/// Describes, dumps and encodes itself without the client secret.
public struct AzureServicePrincipal: SealableCredential, Equatable {
    public static let kind = CredentialKind.azure
    /// The public-cloud Microsoft Entra authority.
    public static let defaultAuthorityHost = "https://login.microsoftonline.com"

    /// The directory (tenant) id.
    public let tenantID: String
    /// The application (client) id.
    public let clientID: String
    /// The client secret.
    public let clientSecret: Secret
    /// The subscription id.
    public let subscriptionID: String
    /// The authority host, without a trailing slash (e.g. `https://login.microsoftonline.com`,
    /// `https://login.microsoftonline.us`).
    public let authorityHost: String

    /// Creates a service principal.
    ///
    /// - Throws: ``CredentialError`` `credential.missing_value` naming an empty field, or
    ///   `credential.invalid_value` for an authority host that is not an http(s) URL without a path.
    public init(
        tenantID: String,
        clientID: String,
        clientSecret: Secret,
        subscriptionID: String,
        authorityHost: String? = nil
    ) throws {
        let empty = [("tenant id", tenantID), ("client id", clientID), ("subscription id", subscriptionID)]
            .filter { $0.1.isEmpty }.map(\.0) + (clientSecret.byteCount == 0 ? ["client secret"] : [])
        guard empty.isEmpty else {
            throw CredentialError(.missingValue, "Azure service principal lacks \(empty.joined(separator: ", "))")
        }
        var host = authorityHost ?? Self.defaultAuthorityHost
        while host.hasSuffix("/") { host.removeLast() }
        guard let url = URL(string: host), let scheme = url.scheme?.lowercased(), ["https", "http"].contains(scheme),
              url.host?.isEmpty == false, url.path.isEmpty, url.query == nil
        else {
            throw CredentialError(.invalidValue, "Azure authority host \(host) is not an http(s) URL without a path")
        }
        self.tenantID = tenantID
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.subscriptionID = subscriptionID
        self.authorityHost = host
    }

    private struct Payload: Codable {
        var tenant_id: String
        var client_id: String
        var client_secret: String
        var subscription_id: String
        var authority_host: String
    }

    /// JSON with `tenant_id`, `client_id`, `client_secret`, `subscription_id`, `authority_host`,
    /// **the client secret in clear**: for the vault to seal, nothing else.
    public func revealedPayload() throws -> [UInt8] {
        guard let secret = clientSecret.revealedString else {
            throw CredentialError(.invalidValue, "Azure client secret is not UTF-8")
        }
        return try RevealedPayloadCoding.encode(Payload(
            tenant_id: tenantID, client_id: clientID, client_secret: secret,
            subscription_id: subscriptionID, authority_host: authorityHost
        ))
    }

    public init(revealedPayload: [UInt8]) throws {
        let payload = try RevealedPayloadCoding.decode(Payload.self, from: revealedPayload, kind: Self.kind)
        try self.init(
            tenantID: payload.tenant_id,
            clientID: payload.client_id,
            clientSecret: Secret(payload.client_secret),
            subscriptionID: payload.subscription_id,
            authorityHost: payload.authority_host
        )
    }
}

extension AzureServicePrincipal: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable, Encodable {
    public var description: String {
        "AzureServicePrincipal(tenantID: \(tenantID), clientID: \(clientID), subscriptionID: \(subscriptionID), "
            + "clientSecret: \(Secret.placeholder))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "tenantID": tenantID, "clientID": clientID, "subscriptionID": subscriptionID, "authorityHost": authorityHost,
        ])
    }

    private enum CodingKeys: String, CodingKey {
        case tenantID, clientID, clientSecret, subscriptionID, authorityHost
    }

    /// Encodes the identifiers and `<redacted>` for the client secret.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tenantID, forKey: .tenantID)
        try container.encode(clientID, forKey: .clientID)
        try container.encode(clientSecret, forKey: .clientSecret)
        try container.encode(subscriptionID, forKey: .subscriptionID)
        try container.encode(authorityHost, forKey: .authorityHost)
    }
}
