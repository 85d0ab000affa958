/// Why a storage operation was refused or failed.
public enum StorageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key is not acceptable; nothing was read or written.
    case invalidKey(String, reason: String)
    /// No object under that key.
    case notFound(String)
    /// The bytes read do not match the stored checksum.
    case checksumMismatch(key: String, expected: String, actual: String)
    /// A presigned URL is malformed, tampered with, or for another method or key.
    case invalidSignature
    /// A presigned URL has expired.
    case expired
    /// The backend refused the credentials (a wrong or expired key, token or signature, or missing permissions):
    /// the provider's code and message.
    case credentials(code: String, message: String)
    /// The backend refused or failed: the provider's code and message.
    case backend(code: String, message: String)
    /// A local file operation failed.
    case io(String)
    /// A storage location URL is malformed or names an unknown backend.
    case invalidLocation(String, reason: String)
    /// The backend's credentials are missing or malformed.
    case missingCredentials(String)

    /// A stable error code.
    public var code: String {
        switch self {
        case .invalidKey: "storage.invalid_key"
        case .notFound: "storage.not_found"
        case .checksumMismatch: "storage.checksum_mismatch"
        case .invalidSignature: "storage.invalid_signature"
        case .expired: "storage.expired"
        case .credentials: "storage.credentials"
        case .backend: "storage.backend"
        case .io: "storage.io"
        case .invalidLocation: "storage.invalid_location"
        case .missingCredentials: "storage.missing_credentials"
        }
    }

    public var description: String {
        switch self {
        case .invalidKey(let key, let reason): "\(code): key '\(key.debugDescription.dropFirst().dropLast())' refused: \(reason)"
        case .notFound(let key): "\(code): no object \(key)"
        case .checksumMismatch(let key, let expected, let actual): "\(code): \(key) has sha256 \(actual), expected \(expected)"
        case .invalidSignature: "\(code): the URL's signature does not match"
        case .expired: "\(code): the URL has expired"
        case .credentials(let backendCode, let message), .backend(let backendCode, let message): "\(code): \(backendCode): \(message)"
        case .io(let message): "\(code): \(message)"
        case .invalidLocation(let location, let reason): "\(code): '\(location)': \(reason)"
        case .missingCredentials(let message): "\(code): \(message)"
        }
    }
}
