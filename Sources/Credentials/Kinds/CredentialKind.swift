/// The kinds of cloud credentials a BYOC team can register.
public enum CredentialKind: String, Codable, CaseIterable, Sendable {
    /// An AWS access key (optionally with a session token and a role to assume): ``AWSAccessKeyCredential``.
    case aws
    /// A GCP service-account key: ``GCPServiceAccountKey``.
    case gcp
    /// An Azure service principal with a client secret: ``AzureServicePrincipal``.
    case azure
    /// A kubeconfig context: ``KubernetesCredential``.
    case kubernetes
}
