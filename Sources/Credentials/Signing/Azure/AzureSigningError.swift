/// Why an Azure Storage SAS or Shared Key signature could not be made.
public enum AzureSigningError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The account key is empty or not base64.
    case invalidAccountKey
    /// A request that cannot be signed (bad URL, missing field); the string says why.
    case invalidRequest(String)

    /// A stable, machine-readable code.
    public var code: String {
        switch self {
        case .invalidAccountKey: "azure_storage.invalid_account_key"
        case .invalidRequest: "azure_storage.invalid_request"
        }
    }

    public var description: String {
        switch self {
        case .invalidAccountKey: "\(code): the account key is empty or not standard base64"
        case .invalidRequest(let reason): "\(code): \(reason)"
        }
    }
}
