import Credentials
@testable import Orchestrator

/// An organization's credentials held in memory: the router's view of the vault in routing tests.
struct StaticCredentials: CredentialSource {
    let organization: String
    let credentials: [String: CloudCredential]

    /// `names` of `organization`, each an AWS access key whose id is the name.
    init(organization: String = "acme", names: [String]) throws {
        self.organization = organization
        credentials = Dictionary(uniqueKeysWithValues: try names.map { name in
            (name, CloudCredential.aws(try AWSAccessKeyCredential(
                accessKeyID: "AKIA\(name.uppercased())", secretAccessKey: Secret("secret-\(name)"), sessionToken: nil, roleARN: nil, region: "us-east-1")))
        })
    }

    func credential(organization: String, name: String) async throws -> CloudCredential {
        guard organization == self.organization, let credential = credentials[name] else { throw VaultError.notFound(name: name) }
        return credential
    }
}
