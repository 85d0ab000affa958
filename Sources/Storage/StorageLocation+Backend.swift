import AsyncHTTPClient
import Credentials
import Foundation

extension StorageLocation {
    /// The backend for this location, with credentials from the ecosystem's standard variables:
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_REGION` for S3;
    /// `GOOGLE_APPLICATION_CREDENTIALS` (a service-account JSON key) for GCS;
    /// `AZURE_STORAGE_ACCOUNT` and `AZURE_STORAGE_KEY` for Azure Blob.
    ///
    /// - Parameters:
    ///   - client: the HTTP client cloud backends use; the caller shuts it down.
    ///   - localSigner: the key that signs the local backend's URLs.
    ///   - localBaseURL: where the API server serving the local backend's `/files/` route is reached.
    /// - Throws: ``StorageError/missingCredentials(_:)`` naming what is missing, or the credential's parse error.
    public func backend(
        environment: [String: String], client: HTTPClient, localSigner: LocalURLSigner, localBaseURL: String
    ) throws -> any StorageBackend {
        let value = { (name: String) in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        switch self {
        case .local(let root):
            return LocalStorage(root: root, baseURL: localBaseURL, signer: localSigner)
        case .s3(let bucket, let region, let endpoint, let pathStyle):
            var environment = environment
            environment["AWS_REGION"] = region ?? value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") ?? "us-east-1"
            let credential: AWSAccessKeyCredential
            do {
                credential = try AWSCredentialImporter.fromEnvironment(environment)
            } catch {
                throw StorageError.missingCredentials("S3 needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (\(error))")
            }
            return S3Storage(
                bucket: bucket, region: credential.region, credentials: credential.signingCredentials,
                endpoint: try endpoint.map { try S3Endpoint(url: $0) }, addressingStyle: pathStyle ? .path : .automatic, client: client)
        case .gcs(let bucket, let endpoint, let anonymous):
            let credentials: GCSCredentials
            if anonymous {
                credentials = .anonymous
            } else {
                guard let keyFile = value("GOOGLE_APPLICATION_CREDENTIALS") else {
                    throw StorageError.missingCredentials("GCS needs GOOGLE_APPLICATION_CREDENTIALS (a service-account JSON key)")
                }
                credentials = .serviceAccount(try GCPServiceAccountKey(contentsOfFile: keyFile))
            }
            return try GCSStorage(bucket: bucket, credentials: credentials, endpoint: try endpoint.map { try GCSEndpoint(url: $0) } ?? .default, client: client)
        case .azure(let container, let account, let endpoint):
            guard let account = account ?? value("AZURE_STORAGE_ACCOUNT"), let key = value("AZURE_STORAGE_KEY") else {
                throw StorageError.missingCredentials("Azure Blob needs AZURE_STORAGE_ACCOUNT (or ?account=) and AZURE_STORAGE_KEY")
            }
            return try AzureBlobStorage(
                container: container, authorization: .sharedKey(try AzureStorageAccountKey(accountName: account, base64Key: key)),
                endpoint: endpoint, client: client)
        }
    }
}
