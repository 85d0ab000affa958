import Credentials

/// How ``AzureBlobStorage`` authorizes its requests.
public enum AzureBlobAuthorization: Sendable {
    /// Shared Key: every request carries an `Authorization` header signed with the account key. Only this
    /// authorization can issue presigned URLs (service SAS).
    case sharedKey(AzureStorageAccountKey)
    /// A shared access signature (a container or account SAS, with or without the leading `?`) appended to
    /// every request's query. It must grant what the backend is asked to do: `r`, `c`/`w`, `d` and `l`.
    case sharedAccessSignature(account: String, token: Secret)

    /// The storage account.
    public var accountName: String {
        switch self {
        case .sharedKey(let key): key.accountName
        case .sharedAccessSignature(let account, _): account
        }
    }
}
