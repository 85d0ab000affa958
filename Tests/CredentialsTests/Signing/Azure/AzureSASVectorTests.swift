import Credentials
import Foundation
import Testing

/// sdk/azure-sas.jsonl: azure-storage-blob's `generate_blob_sas` / `generate_container_sas`.
@Suite("Azure Blob service SAS (azure-storage-blob vectors)")
struct AzureSASVectorTests {
    struct Vector: Decodable, Sendable, CustomTestStringConvertible {
        struct Options: Decodable, Sendable {
            let `protocol`: String?
            let ip: String?
            let policy_id: String?
            let cache_control: String?
            let content_disposition: String?
            let content_encoding: String?
            let content_language: String?
            let content_type: String?
            let snapshot: String?
            let version_id: String?
            let encryption_scope: String?
        }

        let id: String
        let function: String
        let description: String
        let account_name: String
        let account_key: String
        let container: String
        let blob: String?
        let permission: String?
        let start: String?
        let expiry: String?
        let options: Options
        let service_version: String
        let string_to_sign: String
        let sas: String
        let url: String

        var testDescription: String { "\(id) \(description)" }
    }

    static func vectors() throws -> [Vector] {
        try Conformance.decodeLines(Vector.self, from: "sdk/azure-sas.jsonl")
    }

    /// A datetime argument (written with a UTC offset) becomes `.date`; a string argument is literal.
    static func time(_ text: String?) throws -> AzureSASTime? {
        guard let text else { return nil }
        let hasOffset = text.range(of: #"[+-]\d\d:\d\d$"#, options: .regularExpression) != nil
        return hasOffset ? .date(try Conformance.date(text)) : .literal(text)
    }

    static func resource(_ vector: Vector) throws -> AzureBlobSASRequest.Resource {
        switch (vector.function, vector.blob) {
        case ("generate_container_sas", nil):
            return .container(vector.container)
        case ("generate_blob_sas", let blob?):
            if let snapshot = vector.options.snapshot {
                return .blobSnapshot(container: vector.container, blob: blob, snapshot: snapshot)
            }
            if let version = vector.options.version_id {
                return .blobVersion(container: vector.container, blob: blob, versionID: version)
            }
            return .blob(container: vector.container, blob: blob)
        default:
            throw Conformance.MalformedVector(description: "\(vector.id): unexpected function \(vector.function)")
        }
    }

    @Test("string to sign, token and URL match the SDK", arguments: try vectors())
    func vector(_ vector: Vector) throws {
        #expect(vector.service_version == AzureBlobSASSigner.serviceVersion)
        let signer = AzureBlobSASSigner(account: try AzureStorageAccountKey(accountName: vector.account_name, base64Key: vector.account_key))
        let request = AzureBlobSASRequest(
            resource: try Self.resource(vector),
            permissions: vector.permission,
            start: try Self.time(vector.start),
            expiry: try Self.time(vector.expiry),
            policyID: vector.options.policy_id,
            ipRange: vector.options.ip,
            allowedProtocols: vector.options.protocol,
            cacheControl: vector.options.cache_control,
            contentDisposition: vector.options.content_disposition,
            contentEncoding: vector.options.content_encoding,
            contentLanguage: vector.options.content_language,
            contentType: vector.options.content_type,
            encryptionScope: vector.options.encryption_scope
        )
        let token = try signer.sas(for: request)
        #expect(token.stringToSign == vector.string_to_sign, "\(vector.id): string to sign")
        #expect(token.token == vector.sas, "\(vector.id): sas")
        #expect(token.url == vector.url, "\(vector.id): url")
    }

    @Test("requests without expiry or permissions need a stored access policy")
    func policyRequirements() throws {
        let signer = AzureBlobSASSigner(account: try AzureStorageAccountKey(accountName: "acct", base64Key: "AAAA"))
        #expect(throws: AzureSigningError.self) {
            try signer.sas(for: .init(resource: .container("c"), permissions: "r", expiry: nil))
        }
        #expect(throws: AzureSigningError.self) {
            try signer.sas(for: .init(resource: .container("c"), permissions: nil, expiry: .literal("2030-01-01T00:00:00Z")))
        }
        #expect(throws: AzureSigningError.invalidAccountKey) {
            try AzureStorageAccountKey(accountName: "acct", base64Key: "not base64!")
        }
        let token = try signer.sas(for: .init(resource: .container("c"), permissions: nil, expiry: nil, policyID: "p"))
        #expect(token.token.hasPrefix("sv=2026-10-06&si=p&sr=c&sig="))
        #expect("\(token)" == "AzureSASToken(https://acct.blob.core.windows.net/c?<sas>)")
    }
}
