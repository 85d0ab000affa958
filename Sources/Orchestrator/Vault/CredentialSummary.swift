import Credentials
import Foundation

/// What may be shown of a registered credential: never a secret.
public struct CredentialSummary: Sendable, Hashable, Codable {
    public var name: String
    public var kind: CredentialKind
    public var createdAt: Date
    public var updatedAt: Date
    /// When it was last checked with its provider, and what the provider said.
    public var validatedAt: Date?
    public var validation: String?
}

/// Why the vault refused an operation.
public enum VaultError: Error, Sendable, Hashable, CustomStringConvertible {
    case notFound(name: String)
    case alreadyExists(name: String)
    /// No key of the keyring opens the stored payload.
    case unsealable(name: String)

    /// A stable error code.
    public var code: String {
        switch self {
        case .notFound: "credentials.not_found"
        case .alreadyExists: "credentials.exists"
        case .unsealable: "credentials.unsealable"
        }
    }

    public var description: String {
        switch self {
        case .notFound(let name): "\(code): no credential named '\(name)'"
        case .alreadyExists(let name): "\(code): a credential named '\(name)' exists (remove it first, or replace it)"
        case .unsealable(let name): "\(code): credential '\(name)' cannot be opened with the current keys"
        }
    }
}
