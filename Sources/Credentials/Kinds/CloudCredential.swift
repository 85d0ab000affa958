/// Any registered cloud credential.
public enum CloudCredential: Sendable, Equatable {
    /// An AWS access key.
    case aws(AWSAccessKeyCredential)
    /// A GCP service-account key.
    case gcp(GCPServiceAccountKey)
    /// An Azure service principal.
    case azure(AzureServicePrincipal)
    /// A kubeconfig context.
    case kubernetes(KubernetesCredential)

    /// The kind, stored next to the sealed payload.
    public var kind: CredentialKind {
        switch self {
        case .aws: .aws
        case .gcp: .gcp
        case .azure: .azure
        case .kubernetes: .kubernetes
        }
    }

    /// The wrapped credential's ``SealableCredential/revealedPayload()``: **secrets in clear**, for
    /// the vault to seal, nothing else.
    public func revealedPayload() throws -> [UInt8] {
        switch self {
        case .aws(let credential): try credential.revealedPayload()
        case .gcp(let credential): try credential.revealedPayload()
        case .azure(let credential): try credential.revealedPayload()
        case .kubernetes(let credential): try credential.revealedPayload()
        }
    }

    /// Re-creates a credential of `kind` from a payload that ``revealedPayload()`` wrote.
    public static func open(kind: CredentialKind, payload: [UInt8]) throws -> CloudCredential {
        switch kind {
        case .aws: .aws(try AWSAccessKeyCredential(revealedPayload: payload))
        case .gcp: .gcp(try GCPServiceAccountKey(revealedPayload: payload))
        case .azure: .azure(try AzureServicePrincipal(revealedPayload: payload))
        case .kubernetes: .kubernetes(try KubernetesCredential(revealedPayload: payload))
        }
    }
}

extension CloudCredential: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable, Encodable {
    public var description: String {
        switch self {
        case .aws(let credential): credential.description
        case .gcp(let credential): credential.description
        case .azure(let credential): credential.description
        case .kubernetes(let credential): credential.description
        }
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["kind": kind.rawValue, "credential": description])
    }

    /// Encodes the wrapped credential's redacted form.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .aws(let credential): try credential.encode(to: encoder)
        case .gcp(let credential): try credential.encode(to: encoder)
        case .azure(let credential): try credential.encode(to: encoder)
        case .kubernetes(let credential): try credential.encode(to: encoder)
        }
    }
}
