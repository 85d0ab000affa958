import Credentials
import Foundation

/// The dummy service account of googleapis/conformance-tests, read from the shared vectors.
enum GCSTestAccount {
    static func serviceAccount() throws -> GCPServiceAccountKey {
        try GCPServiceAccountKey(json: Conformance.data("gcs/test_service_account.not-a-test.json"))
    }

    static func signer(endpoint: GCSEndpoint = .default) throws -> GCSV4Signer {
        try GCSV4Signer(serviceAccount: serviceAccount(), endpoint: endpoint)
    }
}
