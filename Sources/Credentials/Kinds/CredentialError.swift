/// Why a credential could not be parsed, imported or opened.
///
/// ``code`` is stable and machine-readable (e.g. `kubeconfig.missing_context`); ``message`` names
/// exactly what is missing or wrong. Neither ever contains a secret value.
public struct CredentialError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable error codes.
    public enum Code: String, Sendable, CaseIterable {
        /// A sealed payload that is not the JSON document its kind writes.
        case invalidPayload = "credential.invalid_payload"
        /// A file that could not be read.
        case fileUnreadable = "credential.file_unreadable"
        /// A required setting (field, environment variable, profile key) is absent or empty.
        case missingValue = "credential.missing_value"
        /// A value that is present but unusable (bad URL, bad PEM key, …).
        case invalidValue = "credential.invalid_value"

        /// Service-account JSON that does not parse.
        case serviceAccountInvalidJSON = "service_account.invalid_json"
        /// Service-account JSON without one or more required fields.
        case serviceAccountMissingField = "service_account.missing_field"
        /// Service-account JSON whose `type` is not `service_account`.
        case serviceAccountWrongType = "service_account.wrong_type"
        /// A service-account `private_key` that is not an RSA private key in PEM.
        case serviceAccountInvalidPrivateKey = "service_account.invalid_private_key"

        /// An AWS profile that is in neither the credentials nor the config file.
        case awsProfileNotFound = "aws.profile_not_found"

        /// A kubeconfig that is not YAML of the expected shape.
        case kubeconfigInvalidYAML = "kubeconfig.invalid_yaml"
        /// No context was asked for and `current-context` is empty, or the named context is absent.
        case kubeconfigMissingContext = "kubeconfig.missing_context"
        /// The context names a cluster that is not in `clusters`, or the cluster has no `server`.
        case kubeconfigMissingCluster = "kubeconfig.missing_cluster"
        /// The context names a user that is not in `users`.
        case kubeconfigMissingUser = "kubeconfig.missing_user"
        /// The user has neither a token nor a client certificate and key.
        case kubeconfigNoAuthMethod = "kubeconfig.no_auth_method"
        /// A `*-data` field that is not valid base64.
        case kubeconfigInvalidBase64 = "kubeconfig.invalid_base64"
    }

    /// The stable code.
    public let code: Code
    /// What is wrong, naming the field, variable, file or entry concerned.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
