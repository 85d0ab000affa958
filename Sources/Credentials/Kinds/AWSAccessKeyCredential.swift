/// An AWS access key registered by a BYOC team: key id, secret, optional session token, optional
/// role to assume, and the default region.
///
/// Describes, dumps and encodes itself without the secret or the session token.
public struct AWSAccessKeyCredential: SealableCredential, Equatable {
    public static let kind = CredentialKind.aws

    /// The access key id, e.g. `AKIDEXAMPLE` (an identifier, not a secret).
    public let accessKeyID: String
    /// The secret access key.
    public let secretAccessKey: Secret
    /// The session token of temporary credentials, if any.
    public let sessionToken: Secret?
    /// A role to assume with these keys (`arn:aws:iam::123456789012:role/name`), if any.
    public let roleARN: String?
    /// The default region, e.g. `us-east-1`.
    public let region: String

    /// Creates a credential; empty strings are refused with ``CredentialError/Code/missingValue``.
    public init(
        accessKeyID: String,
        secretAccessKey: Secret,
        sessionToken: Secret? = nil,
        roleARN: String? = nil,
        region: String
    ) throws {
        for (name, value) in [("access key id", accessKeyID), ("region", region)] where value.isEmpty {
            throw CredentialError(.missingValue, "AWS \(name) is empty")
        }
        guard secretAccessKey.byteCount > 0 else {
            throw CredentialError(.missingValue, "AWS secret access key is empty")
        }
        if let roleARN, !roleARN.hasPrefix("arn:") {
            throw CredentialError(.invalidValue, "AWS role ARN \(roleARN) does not start with arn:")
        }
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken.flatMap { $0.byteCount > 0 ? $0 : nil }
        self.roleARN = roleARN.flatMap { $0.isEmpty ? nil : $0 }
        self.region = region
    }

    /// The credentials the SigV4 signer and S3 presigner use.
    public var signingCredentials: AWSCredentials {
        AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, sessionToken: sessionToken)
    }

    private struct Payload: Codable {
        var access_key_id: String
        var secret_access_key: String
        var session_token: String?
        var role_arn: String?
        var region: String
    }

    /// JSON with `access_key_id`, `secret_access_key`, `session_token`, `role_arn`, `region`,
    /// **secrets in clear**: for the vault to seal, nothing else.
    public func revealedPayload() throws -> [UInt8] {
        guard let secret = secretAccessKey.revealedString else {
            throw CredentialError(.invalidValue, "AWS secret access key is not UTF-8")
        }
        return try RevealedPayloadCoding.encode(Payload(
            access_key_id: accessKeyID,
            secret_access_key: secret,
            session_token: sessionToken?.revealedString,
            role_arn: roleARN,
            region: region
        ))
    }

    public init(revealedPayload: [UInt8]) throws {
        let payload = try RevealedPayloadCoding.decode(Payload.self, from: revealedPayload, kind: Self.kind)
        try self.init(
            accessKeyID: payload.access_key_id,
            secretAccessKey: Secret(payload.secret_access_key),
            sessionToken: payload.session_token.map(Secret.init),
            roleARN: payload.role_arn,
            region: payload.region
        )
    }
}

extension AWSAccessKeyCredential: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable, Encodable {
    public var description: String {
        "AWSAccessKeyCredential(accessKeyID: \(accessKeyID), region: \(region)"
            + (roleARN.map { ", roleARN: \($0)" } ?? "") + ", secretAccessKey: \(Secret.placeholder))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["accessKeyID": accessKeyID, "region": region, "roleARN": roleARN as Any])
    }

    private enum CodingKeys: String, CodingKey {
        case accessKeyID, secretAccessKey, sessionToken, roleARN, region
    }

    /// Encodes the identifiers and `<redacted>` for the secret and the session token.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(accessKeyID, forKey: .accessKeyID)
        try container.encode(secretAccessKey, forKey: .secretAccessKey)
        try container.encodeIfPresent(sessionToken, forKey: .sessionToken)
        try container.encodeIfPresent(roleARN, forKey: .roleARN)
        try container.encode(region, forKey: .region)
    }
}
