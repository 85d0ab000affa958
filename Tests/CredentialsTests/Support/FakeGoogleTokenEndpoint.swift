import Credentials
import Foundation
import NIOHTTP1
import Synchronization

/// A Google OAuth 2.0 token endpoint that verifies JWT-bearer assertions the way Google does:
/// RS256 signature with the registered public key, header (`alg`, `typ`, `kid`), claims (`iss`,
/// `scope`, `aud` = this endpoint's URL, `iat` within a minute of now, `exp` = `iat` + 3600) and the
/// form's `grant_type`. It answers a token only when everything checks, else `invalid_grant`.
final class FakeGoogleTokenEndpoint: Sendable {
    let publicKey: RSAPublicKey
    let clientEmail: String
    let keyID: String
    let scope: String
    let clock: TestClock
    /// When set, every request is answered with this failure instead.
    let forcedFailure = Mutex<TestHTTPServer.Response?>(nil)
    private let issued = Mutex(0)

    init(publicKey: RSAPublicKey, clientEmail: String, keyID: String, scope: String, clock: TestClock) {
        self.publicKey = publicKey
        self.clientEmail = clientEmail
        self.keyID = keyID
        self.scope = scope
        self.clock = clock
    }

    func respond(_ request: TestHTTPServer.Request) -> TestHTTPServer.Response {
        if let failure = forcedFailure.withLock({ $0 }) { return failure }
        do {
            try verify(request)
        } catch let rejection as Rejection {
            return TestHTTPServer.Response(
                status: .badRequest,
                json: #"{"error":"invalid_grant","error_description":"\#(rejection.reason)"}"#
            )
        } catch {
            return TestHTTPServer.Response(status: .internalServerError, json: #"{"error":"internal_failure"}"#)
        }
        let number = issued.withLock { count in
            count += 1
            return count
        }
        return .ok(#"{"access_token":"ya29.test-token-\#(number)","expires_in":3599,"token_type":"Bearer"}"#)
    }

    struct Rejection: Error {
        let reason: String
    }

    private func verify(_ request: TestHTTPServer.Request) throws {
        guard request.method == .POST else { throw Rejection(reason: "method must be POST") }
        guard request.headers.first(name: "Content-Type") == "application/x-www-form-urlencoded" else {
            throw Rejection(reason: "content type must be application/x-www-form-urlencoded")
        }
        let form = request.form
        guard form["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer" else {
            throw Rejection(reason: "unsupported grant_type")
        }
        guard let assertion = form["assertion"] else { throw Rejection(reason: "missing assertion") }
        let parts = assertion.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else { throw Rejection(reason: "the assertion is not a compact JWS") }
        func decode(_ part: String) throws -> [UInt8] {
            do { return try Base64.decode(part, alphabet: .urlSafe, padding: .unpadded) } catch {
                throw Rejection(reason: "bad base64url in the assertion")
            }
        }
        guard try publicKey.isValidSignature(decode(parts[2]), for: Array("\(parts[0]).\(parts[1])".utf8)) else {
            throw Rejection(reason: "Invalid JWT Signature.")
        }
        guard let header = try JSONSerialization.jsonObject(with: Data(decode(parts[0]))) as? [String: Any],
              let claims = try JSONSerialization.jsonObject(with: Data(decode(parts[1]))) as? [String: Any]
        else { throw Rejection(reason: "the JWT header or claims are not JSON objects") }
        guard header["alg"] as? String == "RS256", header["typ"] as? String == "JWT", header["kid"] as? String == keyID else {
            throw Rejection(reason: "bad JWT header")
        }
        let audience = "http://\(request.headers.first(name: "Host") ?? "")\(request.uri)"
        guard claims["iss"] as? String == clientEmail else { throw Rejection(reason: "bad iss") }
        guard claims["scope"] as? String == scope else { throw Rejection(reason: "bad scope") }
        guard claims["aud"] as? String == audience else { throw Rejection(reason: "bad aud, expected \(audience)") }
        guard let iat = claims["iat"] as? Int, let exp = claims["exp"] as? Int else { throw Rejection(reason: "missing iat/exp") }
        let now = Int(clock.now.timeIntervalSince1970)
        guard abs(iat - now) <= 60 else { throw Rejection(reason: "iat is not now") }
        guard exp == iat + 3600 else { throw Rejection(reason: "exp must be iat + 3600") }
    }
}
