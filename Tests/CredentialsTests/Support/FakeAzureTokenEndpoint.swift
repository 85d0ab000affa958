import Credentials
import Foundation
import NIOHTTP1
import Synchronization

/// A Microsoft Entra ID v2.0 token endpoint for the client-credentials grant: checks the tenant in
/// the path, `grant_type`, `client_id`, `client_secret` and `scope`, and answers Entra's own error
/// bodies (with `AADSTS` codes) otherwise.
final class FakeAzureTokenEndpoint: Sendable {
    let tenantID: String
    let clientID: String
    let clientSecret: String
    let scope: String
    private let issued = Mutex(0)

    init(tenantID: String, clientID: String, clientSecret: String, scope: String) {
        self.tenantID = tenantID
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scope = scope
    }

    private static func failure(_ status: HTTPResponseStatus, _ error: String, _ code: Int, _ text: String) -> TestHTTPServer.Response {
        TestHTTPServer.Response(
            status: status,
            json: #"{"error":"\#(error)","error_description":"AADSTS\#(code): \#(text)","error_codes":[\#(code)],"# +
                #""timestamp":"2026-03-01 12:00:00Z","trace_id":"00000000-0000-0000-0000-000000000000"}"#
        )
    }

    func respond(_ request: TestHTTPServer.Request) -> TestHTTPServer.Response {
        guard request.method == .POST, request.uri == "/\(tenantID)/oauth2/v2.0/token" else {
            return Self.failure(.badRequest, "invalid_request", 90002, "Tenant '\(request.uri)' not found.")
        }
        let form = request.form
        guard form["grant_type"] == "client_credentials" else {
            return Self.failure(.badRequest, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.")
        }
        guard form["client_id"] == clientID else {
            return Self.failure(.badRequest, "unauthorized_client", 700016, "Application not found in the directory.")
        }
        guard let secret = form["client_secret"], ConstantTime.equals(Array(secret.utf8), Array(clientSecret.utf8)) else {
            return Self.failure(.unauthorized, "invalid_client", 7000215, "Invalid client secret provided.")
        }
        guard form["scope"] == scope else {
            return Self.failure(.badRequest, "invalid_scope", 1002012, "The provided value for scope is not valid.")
        }
        let number = issued.withLock { count in
            count += 1
            return count
        }
        return .ok(#"{"token_type":"Bearer","expires_in":"3599","ext_expires_in":3599,"access_token":"eyJ0eXAi.azure-token-\#(number)"}"#)
    }
}
