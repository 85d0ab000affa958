import AsyncHTTPClient
import Credentials
import Foundation
import Testing

@Suite("Google service-account tokens (JWT-bearer grant) against a verifying endpoint")
struct GoogleTokenProviderTests {
    static let scope = "https://www.googleapis.com/auth/cloud-platform"

    /// The conformance suite's dummy service account with `token_uri` (and, optionally, the key) replaced.
    static func serviceAccount(tokenURI: String, privateKeyPEM: String? = nil) throws -> GCPServiceAccountKey {
        var object = try #require(
            try JSONSerialization.jsonObject(with: Conformance.data("gcs/test_service_account.not-a-test.json")) as? [String: Any]
        )
        object["token_uri"] = tokenURI
        if let privateKeyPEM { object["private_key"] = privateKeyPEM }
        return try GCPServiceAccountKey(json: JSONSerialization.data(withJSONObject: object))
    }

    /// Runs `body` with a started endpoint verifying against the dummy account's public key.
    static func withEndpoint(
        delay: Int64 = 0,
        _ body: (FakeGoogleTokenEndpoint, TestHTTPServer, HTTPClient, TestClock) async throws -> Void
    ) async throws {
        let registered = try GCSTestAccount.serviceAccount()
        let clock = TestClock()
        let endpoint = FakeGoogleTokenEndpoint(
            publicKey: try RSAPublicKey(pem: registered.rsaPrivateKey().publicKeyPEM()),
            clientEmail: registered.clientEmail, keyID: registered.privateKeyID, scope: scope, clock: clock
        )
        let server = try await TestHTTPServer.start(delay: .milliseconds(delay)) { endpoint.respond($0) }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            try await body(endpoint, server, client, clock)
        } catch {
            try await client.shutdown()
            try await server.shutdown()
            throw error
        }
        try await client.shutdown()
        try await server.shutdown()
    }

    static func provider(_ server: TestHTTPServer, _ client: HTTPClient, _ clock: TestClock, key: String? = nil) throws
        -> GoogleServiceAccountTokenProvider
    {
        try GoogleServiceAccountTokenProvider(
            serviceAccount: serviceAccount(tokenURI: server.baseURL() + "/token", privateKeyPEM: key),
            scopes: [scope],
            httpClient: client,
            options: TokenProviderOptions(requestTimeout: .seconds(10), now: clock.closure)
        )
    }

    @Test("a valid assertion gets a token; the second call is served from the cache")
    func tokenAndCache() async throws {
        try await Self.withEndpoint { _, server, client, clock in
            let provider = try Self.provider(server, client, clock)
            let token = try await provider.accessToken()
            #expect(token.value.revealedString == "ya29.test-token-1")
            #expect(token.expiresAt == clock.now.addingTimeInterval(3599))
            #expect(token.authorizationHeaderValue.revealedString == "Bearer ya29.test-token-1")
            #expect(try await provider.accessToken() == token)
            #expect(server.requests.count == 1)
            let request = try #require(server.requests.first)
            #expect(request.headers.first(name: "User-Agent")?.contains("Trainyard") == true)
        }
    }

    @Test("the token is refreshed once the clock passes expiry minus the 5-minute margin")
    func refreshAfterMargin() async throws {
        try await Self.withEndpoint { _, server, client, clock in
            let provider = try Self.provider(server, client, clock)
            _ = try await provider.accessToken()
            clock.advance(by: 3599 - 300 - 1)
            #expect(try await provider.accessToken().value.revealedString == "ya29.test-token-1")
            #expect(server.requests.count == 1)
            clock.advance(by: 1)
            #expect(try await provider.accessToken().value.revealedString == "ya29.test-token-2")
            #expect(server.requests.count == 2)
            await provider.invalidateCachedToken()
            #expect(try await provider.accessToken().value.revealedString == "ya29.test-token-3")
        }
    }

    @Test("ten concurrent callers share one token request")
    func singleFlight() async throws {
        try await Self.withEndpoint(delay: 200) { _, server, client, clock in
            let provider = try Self.provider(server, client, clock)
            let tokens = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<10 {
                    group.addTask { try await provider.accessToken().value.revealedString }
                }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
            #expect(tokens.count == 10)
            #expect(Set(tokens) == ["ya29.test-token-1"])
            #expect(server.requests.count == 1)
        }
    }

    @Test("an assertion signed with another key is refused with invalid_grant, a credentials error")
    func wrongKeyIsRejected() async throws {
        try await Self.withEndpoint { _, server, client, clock in
            let provider = try Self.provider(server, client, clock, key: RSAFixtures.pkcs8PrivateKey)
            let error = await #expect(throws: TokenError.self) { try await provider.accessToken() }
            #expect(error?.category == .credentials)
            #expect(error?.code == "invalid_grant")
            #expect(error?.status == 400)
            #expect(error?.message == "Invalid JWT Signature.")
            #expect(server.requests.count == 1)
        }
    }

    @Test("the endpoint checks the claims: a clock an hour off gives invalid_grant")
    func staleAssertionIsRejected() async throws {
        try await Self.withEndpoint { endpoint, server, client, _ in
            // The provider's clock is an hour behind the endpoint's.
            let providerClock = TestClock(endpoint.clock.now.addingTimeInterval(-3600))
            let provider = try Self.provider(server, client, providerClock)
            let error = await #expect(throws: TokenError.self) { try await provider.accessToken() }
            #expect(error?.category == .credentials)
            #expect(error?.message == "iat is not now")
        }
    }

    @Test("5xx answers are retryable and are not cached")
    func serverErrorIsRetryable() async throws {
        try await Self.withEndpoint { endpoint, server, client, clock in
            endpoint.forcedFailure.withLock {
                $0 = .init(status: .serviceUnavailable, json: #"{"error":"backend_error","error_description":"try again"}"#)
            }
            let provider = try Self.provider(server, client, clock)
            let error = await #expect(throws: TokenError.self) { try await provider.accessToken() }
            #expect(error?.isRetryable == true)
            #expect(error?.status == 503)
            #expect(error?.message == "try again")
            endpoint.forcedFailure.withLock { $0 = nil }
            #expect(try await provider.accessToken().value.revealedString == "ya29.test-token-1")
            #expect(server.requests.count == 2)
        }
    }

    @Test(
        "error answers are classified: 429 and 5xx retryable, invalid_grant credentials, other 4xx invalid",
        arguments: [
            (429, #"{"error":"rate_limited"}"#, TokenError.Category.retryable, "rate_limited"),
            (500, "not json", .retryable, "http_500"),
            (400, #"{"error":"invalid_grant","error_description":"Token has been expired or revoked."}"#, .credentials, "invalid_grant"),
            (401, #"{"error":"unauthorized_client"}"#, .credentials, "unauthorized_client"),
            (400, #"{"error":"invalid_scope"}"#, .invalid, "invalid_scope"),
            (404, "", .invalid, "http_404"),
        ]
    )
    func classification(status: Int, body: String, category: TokenError.Category, code: String) async throws {
        try await Self.withEndpoint { endpoint, server, client, clock in
            endpoint.forcedFailure.withLock { $0 = .init(status: .init(statusCode: status), json: body) }
            let error = await #expect(throws: TokenError.self) { try await Self.provider(server, client, clock).accessToken() }
            #expect(error?.category == category)
            #expect(error?.code == code)
            #expect(error?.status == status)
        }
    }

    @Test("a response slower than the request timeout is a retryable timeout")
    func timeout() async throws {
        // A wide margin (10 s answer, 0.3 s timeout) so a loaded machine cannot blur the two.
        try await Self.withEndpoint(delay: 10_000) { _, server, client, clock in
            let provider = try GoogleServiceAccountTokenProvider(
                serviceAccount: Self.serviceAccount(tokenURI: server.baseURL() + "/token"),
                scopes: [Self.scope], httpClient: client,
                options: TokenProviderOptions(requestTimeout: .milliseconds(300), now: clock.closure)
            )
            let error = await #expect(throws: TokenError.self) { try await provider.accessToken() }
            #expect(error?.isRetryable == true)
            #expect(error?.code == "timeout")
        }
    }

    @Test("a refused connection is a retryable transport error")
    func connectionRefused() async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        defer { _ = client.shutdown() }
        // Bind and close a server to get a port nobody listens on.
        let server = try await TestHTTPServer.start { _ in .ok("{}") }
        let port = server.port
        try await server.shutdown()
        let provider = try GoogleServiceAccountTokenProvider(
            serviceAccount: Self.serviceAccount(tokenURI: "http://127.0.0.1:\(port)/token"),
            scopes: [Self.scope], httpClient: client,
            options: TokenProviderOptions(requestTimeout: .seconds(1))
        )
        let error = await #expect(throws: TokenError.self) { try await provider.accessToken() }
        #expect(error?.isRetryable == true)
    }

    @Test("the assertion has the documented header and claims and verifies with the public key")
    func assertionShape() throws {
        let account = try GCSTestAccount.serviceAccount()
        let now = Date(timeIntervalSince1970: 1_772_366_400.7)
        let assertion = try GoogleJWTAssertion(serviceAccount: account, privateKey: account.rsaPrivateKey(), scopes: ["a", "b"], now: now)
        let parts = try #require(assertion.compact.revealedString).split(separator: ".").map(String.init)
        try #require(parts.count == 3)
        let header = String(decoding: try Base64.decode(parts[0], alphabet: .urlSafe, padding: .unpadded), as: UTF8.self)
        let claims = String(decoding: try Base64.decode(parts[1], alphabet: .urlSafe, padding: .unpadded), as: UTF8.self)
        #expect(header == #"{"alg":"RS256","kid":"ffffffffffffffffffffffffffffffffffffffff","typ":"JWT"}"#)
        #expect(claims == #"{"aud":"https://oauth2.googleapis.com/token","exp":1772370000,"iat":1772366400,"#
            + #""iss":"test-iam-credentials@dummy-project-id.iam.gserviceaccount.com","scope":"a b"}"#)
        let publicKey = try RSAPublicKey(pem: account.rsaPrivateKey().publicKeyPEM())
        #expect(try publicKey.isValidSignature(
            Base64.decode(parts[2], alphabet: .urlSafe, padding: .unpadded), for: Array("\(parts[0]).\(parts[1])".utf8)
        ))
    }
}
