import Credentials

/// Where the router and the sync loop open the credentials that candidates name.
public protocol CredentialSource: Sendable {
    /// The credential `name` of `organization`.
    func credential(organization: String, name: String) async throws -> CloudCredential
}

extension CredentialVault: CredentialSource {
    public func credential(organization: String, name: String) async throws -> CloudCredential {
        try await open(organization: organization, name: name)
    }
}
