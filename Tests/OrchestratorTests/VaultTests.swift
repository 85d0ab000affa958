import Credentials
import Foundation
import Testing
@testable import Orchestrator
import TestSupport

@Suite("Credential vault")
struct VaultTests {
    let aws: CloudCredential

    init() throws {
        aws = .aws(try AWSAccessKeyCredential(
            accessKeyID: "AKIAVAULTTEST", secretAccessKey: Secret("vault-secret-value-0123456789"), sessionToken: nil,
            roleARN: nil, region: "us-east-1"))
    }

    func keyring() throws -> FernetKeyring { try FernetKeyring(keys: [FernetKey.generate()]) }

    @Test("credentials are sealed at rest, listed without secrets, opened per organization")
    func sealing() async throws {
        let folder = try Repository.temporaryFolder("vault")
        let store = try await JobStore.openSQLite(path: "\(folder)/state.db")
        let vault = CredentialVault(store: store, keyring: try keyring())
        try await vault.add(organization: "acme", name: "aws-research", credential: aws)
        #expect(try await vault.open(organization: "acme", name: "aws-research") == aws)
        let summaries = try await vault.list(organization: "acme")
        #expect(summaries.map(\.name) == ["aws-research"])
        #expect(summaries.first?.kind == .aws)
        #expect(!"\(summaries)".contains("vault-secret-value"))
        #expect(try await vault.names(organization: "acme") == ["aws-research"])
        await #expect(throws: VaultError.notFound(name: "aws-research")) { try await vault.open(organization: "globex", name: "aws-research") }
        #expect(try await vault.list(organization: "globex").isEmpty)
        try await store.close()
        let database = try #require(FileManager.default.contents(atPath: "\(folder)/state.db"))
        #expect(database.range(of: Data("vault-secret-value".utf8)) == nil, "the secret must not be stored in clear")
    }

    @Test("a name is taken once unless replaced; removal is final")
    func namesAndRemoval() async throws {
        let store = try await temporaryStore()
        let vault = CredentialVault(store: store, keyring: try keyring())
        try await vault.add(organization: "acme", name: "c", credential: aws)
        await #expect(throws: VaultError.alreadyExists(name: "c")) { try await vault.add(organization: "acme", name: "c", credential: aws) }
        let azure = CloudCredential.azure(try AzureServicePrincipal(tenantID: "t", clientID: "c", clientSecret: Secret("s"), subscriptionID: "sub"))
        try await vault.add(organization: "acme", name: "c", credential: azure, replace: true)
        #expect(try await vault.open(organization: "acme", name: "c") == azure)
        try await vault.remove(organization: "acme", name: "c")
        await #expect(throws: VaultError.notFound(name: "c")) { try await vault.remove(organization: "acme", name: "c") }
        try await store.close()
    }

    @Test("rotation re-seals under the new key: the old key alone no longer opens anything")
    func rotation() async throws {
        let store = try await temporaryStore()
        let old = try keyring()
        try await CredentialVault(store: store, keyring: old).add(organization: "acme", name: "aws", credential: aws)
        let rotated = old.rotated(to: try FernetKey.generate())
        #expect(try await CredentialVault(store: store, keyring: rotated).resealAll() == 1)
        let newOnly = try FernetKeyring(keys: [rotated.primary])
        #expect(try await CredentialVault(store: store, keyring: newOnly).open(organization: "acme", name: "aws") == aws)
        await #expect(throws: VaultError.unsealable(name: "aws")) {
            try await CredentialVault(store: store, keyring: old).open(organization: "acme", name: "aws")
        }
        try await store.close()
    }
}
