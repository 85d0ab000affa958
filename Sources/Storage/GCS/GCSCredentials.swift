import Credentials

/// How ``GCSStorage`` authenticates its requests.
public enum GCSCredentials: Sendable {
    /// A service account: bearer tokens obtained with its key (JWT-bearer grant, scope
    /// ``GCSStorage/scope``) and V4-signed URLs from the same key.
    case serviceAccount(GCPServiceAccountKey)
    /// Bearer tokens from another source. Presigned URLs are unavailable: they need a service account's key.
    case tokens(any GCSAccessTokenSource)
    /// No `Authorization` header at all, for an emulator such as fake-gcs-server. Presigned URLs are unavailable.
    case anonymous
}
