import AsyncHTTPClient
import Credentials
import Foundation
import Storage
import Testing

/// Presigned URLs are the service SAS that ``AzureBlobSASSigner`` (checked byte for byte against
/// azure-storage-blob's vectors in the Credentials tests) makes for the same blob, permissions and expiry.
@Suite("Azure Blob presigned URLs")
struct AzureBlobPresignTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    let account = try! AzureStorageAccountKey(accountName: "trainyardtest", base64Key: Base64.encode(Array(0..<64)))
    let key = try! StorageKey(organization: "acme", path: "runs/run 1/model+final.bin")

    func expected(permissions: String, protocols: String, endpoint: String? = nil, expiresIn: Int = 900) throws -> String {
        let request = AzureBlobSASRequest(
            resource: .blob(container: "models", blob: "orgs/acme/runs/run 1/model+final.bin"), permissions: permissions,
            expiry: .date(Self.now.addingTimeInterval(TimeInterval(expiresIn))), allowedProtocols: protocols)
        return try AzureBlobSASSigner(account: account, endpoint: endpoint).sas(for: request).url
    }

    @Test("GET is sp=r and PUT sp=cw, HTTPS only, on the account's public endpoint")
    func publicEndpoint() throws {
        let azure = try AzureBlobStorage(container: "models", authorization: .sharedKey(account), client: .shared)
        let get = try azure.presignedURL(for: key, method: .get, expiresIn: 900, now: Self.now)
        #expect(get == (try expected(permissions: "r", protocols: "https")))
        #expect(get.hasPrefix("https://trainyardtest.blob.core.windows.net/models/orgs/acme/runs/run%201/model%2Bfinal.bin?se=2026-05-28T20%3A41%3A40Z&sp=r&spr=https&sv=2026-10-06&sr=b&sig="))
        let put = try azure.presignedURL(for: key, method: .put, expiresIn: 604_800, now: Self.now)
        #expect(put == (try expected(permissions: "cw", protocols: "https", expiresIn: 604_800)))
    }

    @Test("an http endpoint (an emulator) allows http too, and keeps its account path")
    func emulatorEndpoint() throws {
        let endpoint = "http://127.0.0.1:10000/trainyardtest"
        let azure = try AzureBlobStorage(container: "models", authorization: .sharedKey(account), endpoint: endpoint + "/", client: .shared)
        let get = try azure.presignedURL(for: key, method: .get, expiresIn: 900, now: Self.now)
        #expect(get == (try expected(permissions: "r", protocols: "https,http", endpoint: endpoint)))
        #expect(get.hasPrefix("http://127.0.0.1:10000/trainyardtest/models/orgs/acme/"))
    }

    @Test("no URL without the account key or with a non-positive expiry; bad endpoints are refused")
    func refusals() throws {
        let sas = try AzureBlobStorage(container: "models", authorization: .sharedAccessSignature(account: "trainyardtest", token: Secret("sv=x&sig=y")),
                                       client: .shared)
        #expect(throws: AzureSigningError.self) { try sas.presignedURL(for: key, method: .get, expiresIn: 900, now: Self.now) }
        let azure = try AzureBlobStorage(container: "models", authorization: .sharedKey(account), client: .shared)
        #expect(throws: AzureSigningError.self) { try azure.presignedURL(for: key, method: .get, expiresIn: 0, now: Self.now) }
        for endpoint in ["ftp://host", "https://", "https://host/?x=1", "https://user@host", "host:10000"] {
            #expect(throws: AzureSigningError.self, "\(endpoint)") {
                try AzureBlobStorage(container: "models", authorization: .sharedKey(account), endpoint: endpoint, client: .shared)
            }
        }
    }
}
