/// Who a request acts for: an organization and a role, established from an API key.
public struct Principal: Sendable, Hashable {
    /// The organization every query of the request is scoped to.
    public var organization: String
    public var role: Role
    /// The key's public id, for logs and audit lines.
    public var keyID: String

    public init(organization: String, role: Role, keyID: String) {
        self.organization = organization
        self.role = role
        self.keyID = keyID
    }
}
