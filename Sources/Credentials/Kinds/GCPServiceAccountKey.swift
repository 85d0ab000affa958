import Foundation

/// A GCP service-account key, parsed from the JSON file Google issues (`"type": "service_account"`).
///
/// The private key is a ``Secret`` and is checked to be an RSA PEM key when the JSON is parsed.
/// The value describes, dumps and encodes itself without the private key.
public struct GCPServiceAccountKey: SealableCredential, Equatable {
    public static let kind = CredentialKind.gcp

    /// The project the account belongs to.
    public let projectID: String
    /// The id of the key, sent as the JWT header's `kid`.
    public let privateKeyID: String
    /// The RSA private key in PEM.
    public let privateKey: Secret
    /// The account's e-mail address (the JWT issuer and the signed-URL principal).
    public let clientEmail: String
    /// The OAuth 2.0 token endpoint, normally `https://oauth2.googleapis.com/token`.
    public let tokenURI: String

    private struct File: Codable {
        var type: String?
        var project_id: String?
        var private_key_id: String?
        var private_key: String?
        var client_email: String?
        var token_uri: String?
    }

    /// Parses a service-account JSON document.
    ///
    /// - Throws: ``CredentialError`` with `service_account.invalid_json` (not a JSON object),
    ///   `service_account.wrong_type` (`type` is not `service_account`), `service_account.missing_field`
    ///   (naming every absent or empty field), `service_account.invalid_private_key`, or
    ///   `credential.invalid_value` (a `token_uri` that is not an http(s) URL).
    public init(json: some Sequence<UInt8>) throws {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: Data(json))
        } catch {
            throw CredentialError(.serviceAccountInvalidJSON, "the service-account key is not a JSON object with string fields")
        }
        guard let type = file.type, !type.isEmpty else {
            throw CredentialError(.serviceAccountMissingField, "the service-account key has no \"type\" field")
        }
        guard type == "service_account" else {
            throw CredentialError(.serviceAccountWrongType, "expected \"type\": \"service_account\", found \"\(type)\"")
        }
        let fields: [(String, String?)] = [
            ("project_id", file.project_id), ("private_key_id", file.private_key_id), ("private_key", file.private_key),
            ("client_email", file.client_email), ("token_uri", file.token_uri),
        ]
        let missing = fields.filter { $0.1?.isEmpty ?? true }.map(\.0)
        guard missing.isEmpty, let projectID = file.project_id, let privateKeyID = file.private_key_id,
              let privateKey = file.private_key, let clientEmail = file.client_email, let tokenURI = file.token_uri
        else {
            throw CredentialError(.serviceAccountMissingField, "the service-account key lacks \(missing.joined(separator: ", "))")
        }
        guard let url = URL(string: tokenURI), let scheme = url.scheme?.lowercased(), ["https", "http"].contains(scheme),
              url.host?.isEmpty == false
        else {
            throw CredentialError(.invalidValue, "token_uri \(tokenURI) is not an http(s) URL")
        }
        do {
            _ = try RSAPrivateKey(pem: privateKey)
        } catch {
            throw CredentialError(.serviceAccountInvalidPrivateKey, "private_key is not an unencrypted RSA private key in PEM")
        }
        self.projectID = projectID
        self.privateKeyID = privateKeyID
        self.privateKey = Secret(privateKey)
        self.clientEmail = clientEmail
        self.tokenURI = tokenURI
    }

    /// Reads and parses a service-account JSON file.
    public init(contentsOfFile path: String) throws {
        try self.init(json: CredentialFiles.read(path, what: "service-account key"))
    }

    /// The private key, parsed for signing.
    public func rsaPrivateKey() throws -> RSAPrivateKey {
        guard let pem = privateKey.revealedString else {
            throw CredentialError(.serviceAccountInvalidPrivateKey, "private_key is not UTF-8")
        }
        return try RSAPrivateKey(pem: pem)
    }

    /// The standard service-account JSON (`type`, `project_id`, `private_key_id`, `private_key`,
    /// `client_email`, `token_uri`) **with the private key in clear**: for the vault to seal, nothing else.
    public func revealedPayload() throws -> [UInt8] {
        try RevealedPayloadCoding.encode(File(
            type: "service_account",
            project_id: projectID,
            private_key_id: privateKeyID,
            private_key: privateKey.revealedString,
            client_email: clientEmail,
            token_uri: tokenURI
        ))
    }

    public init(revealedPayload: [UInt8]) throws {
        try self.init(json: revealedPayload)
    }
}

extension GCPServiceAccountKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable, Encodable {
    public var description: String {
        "GCPServiceAccountKey(clientEmail: \(clientEmail), projectID: \(projectID), privateKey: \(Secret.placeholder))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["clientEmail": clientEmail, "projectID": projectID, "privateKeyID": privateKeyID])
    }

    private enum CodingKeys: String, CodingKey {
        case projectID, privateKeyID, privateKey, clientEmail, tokenURI
    }

    /// Encodes the identifiers and `<redacted>` for the private key.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(projectID, forKey: .projectID)
        try container.encode(privateKeyID, forKey: .privateKeyID)
        try container.encode(privateKey, forKey: .privateKey)
        try container.encode(clientEmail, forKey: .clientEmail)
        try container.encode(tokenURI, forKey: .tokenURI)
    }
}
