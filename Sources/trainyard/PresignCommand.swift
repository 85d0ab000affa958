import ArgumentParser
import Credentials
import Foundation
import Storage

/// `trainyard presign`: one presigned URL, for scripts and cross-checks with the vendors' SDKs.
struct PresignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presign", abstract: "Print a presigned URL for one object.",
        discussion: """
            Credentials come from the ecosystem's standard variables:
              s3: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (region: --region, AWS_REGION, else us-east-1)
              gcs: GOOGLE_APPLICATION_CREDENTIALS (a service-account JSON key)
              azure: AZURE_STORAGE_ACCOUNT, AZURE_STORAGE_KEY (--bucket is the container)
              local: the state folder's URL-signing key (--key is the full key orgs/<org>/…; --endpoint is the API server)
            """)

    enum Provider: String, ExpressibleByArgument, CaseIterable {
        case s3, gcs, azure, local
    }

    @Option(help: "s3, gcs, azure or local.") var provider: Provider
    @Option(help: "The bucket (the container for azure; ignored for local).") var bucket: String?
    @Option(help: "The object key.") var key: String
    @Option(help: "GET or PUT.") var method: String = "GET"
    @Option(help: "Seconds the URL stays valid (1 to 604800).") var expires: Int = 3600
    @Option(help: "The AWS region (s3).") var region: String?
    @Option(help: "A custom endpoint URL (S3-compatible, GCS, Azure Blob, or the local API server).") var endpoint: String?
    @Flag(help: "Path-style S3 addressing.") var pathStyle = false
    @Option(help: "Sign as of this instant (ISO 8601, e.g. 2026-11-23T12:00:00Z) instead of now.") var now: String?

    func run() async throws {
        guard let method = PresignMethod(rawValue: method.uppercased()) else {
            throw ValidationError("presign.invalid_method: '\(self.method)' is not GET or PUT")
        }
        let date = try signingDate()
        let environment = ProcessInfo.processInfo.environment
        print(try url(method: method, date: date, environment: environment))
    }

    private func signingDate() throws -> Date {
        guard let now else { return Date() }
        guard let date = ISO8601DateFormatter().date(from: now) else {
            throw ValidationError("presign.invalid_time: '\(now)' is not an ISO 8601 instant such as 2026-11-23T12:00:00Z")
        }
        return date
    }

    private func requiredBucket() throws -> String {
        guard let bucket, !bucket.isEmpty else { throw ValidationError("presign.missing_bucket: --bucket is required for \(provider.rawValue)") }
        return bucket
    }

    private func url(method: PresignMethod, date: Date, environment: [String: String]) throws -> String {
        switch provider {
        case .s3:
            var environment = environment
            environment["AWS_REGION"] = region ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? "us-east-1"
            let credential = try AWSCredentialImporter.fromEnvironment(environment)
            let presigner = S3Presigner(
                credentials: credential.signingCredentials, region: credential.region,
                endpoint: try endpoint.map { try S3Endpoint(url: $0) }, addressingStyle: pathStyle ? .path : .automatic)
            let bucket = try requiredBucket()
            let request: S3PresignRequest = method == .get ? .getObject(bucket: bucket, key: key) : .putObject(bucket: bucket, key: key)
            return try presigner.presignedURL(for: request, date: date, expiresIn: expires).url
        case .gcs:
            guard let keyFile = environment["GOOGLE_APPLICATION_CREDENTIALS"], !keyFile.isEmpty else {
                throw ValidationError("presign.missing_credentials: set GOOGLE_APPLICATION_CREDENTIALS to a service-account JSON key")
            }
            let signer = try GCSV4Signer(
                serviceAccount: GCPServiceAccountKey(contentsOfFile: keyFile),
                endpoint: try endpoint.map { try GCSEndpoint(url: $0) } ?? .default)
            let request = GCSSignedURLRequest(method: method == .get ? .get : .put, bucket: try requiredBucket(), object: key)
            return try signer.signedURL(for: request, date: date, expiresIn: expires).url
        case .azure:
            guard let account = environment["AZURE_STORAGE_ACCOUNT"], let accountKey = environment["AZURE_STORAGE_KEY"] else {
                throw ValidationError("presign.missing_credentials: set AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY")
            }
            let signer = AzureBlobSASSigner(account: try AzureStorageAccountKey(accountName: account, base64Key: accountKey), endpoint: endpoint)
            let request = AzureBlobSASRequest(
                resource: .blob(container: try requiredBucket(), blob: key), permissions: method == .get ? "r" : "cw",
                expiry: .date(date.addingTimeInterval(TimeInterval(expires))))
            return try signer.sas(for: request).url
        case .local:
            let home = TrainyardHome()
            let storageKey = try StorageKey(fullKey: key)
            let storage = LocalStorage(root: home.file("storage"), baseURL: endpoint ?? "http://127.0.0.1:8080", signer: try home.localURLSigner())
            return try storage.presignedURL(for: storageKey, method: method, expiresIn: expires, now: date)
        }
    }
}
