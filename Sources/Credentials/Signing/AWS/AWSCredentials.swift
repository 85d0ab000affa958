/// AWS access credentials: an access key id, its secret, and for temporary credentials a session token.
///
/// The secret and the session token are ``Secret`` values. The credentials describe, debug-print and
/// dump themselves as the bare type name `AWSCredentials`; encoding writes the access key id (an
/// identifier, not a secret) and `<redacted>` for the rest.
public struct AWSCredentials: Sendable, Equatable, Encodable {
    /// The access key id, e.g. `AKIDEXAMPLE`.
    public let accessKeyID: String
    /// The secret access key.
    public let secretAccessKey: Secret
    /// The session token of temporary (STS) credentials, if any.
    public let sessionToken: Secret?

    /// Creates credentials from already wrapped secrets.
    public init(accessKeyID: String, secretAccessKey: Secret, sessionToken: Secret? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// Creates credentials from plain strings, wrapping the secret and token at once.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.init(
            accessKeyID: accessKeyID,
            secretAccessKey: Secret(secretAccessKey),
            sessionToken: sessionToken.map(Secret.init)
        )
    }
}

extension AWSCredentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "AWSCredentials" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
