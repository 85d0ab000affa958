import AsyncHTTPClient
import Credentials
import Foundation
import Testing

@Suite("Azure client-credentials tokens against a checking endpoint")
struct AzureTokenProviderTests {
    static let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    static let clientID = "11111111-2222-3333-4444-555555555555"
    static let subscription = "00000000-0000-0000-0000-000000000001"

    static func withEndpoint(
        secret: String,
        delay: Int64 = 0,
        _ body: (TestHTTPServer, HTTPClient, TestClock, AzureServicePrincipal) async throws -> Void,
        presentedSecret: String? = nil,
        tenant: String = tenant
    ) async throws {
        let endpoint = FakeAzureTokenEndpoint(
            tenantID: Self.tenant, clientID: clientID, clientSecret: secret,
            scope: AzureClientCredentialsTokenProvider.resourceManagerScope
        )
        let server = try await TestHTTPServer.start(delay: .milliseconds(delay)) { endpoint.respond($0) }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let principal = try AzureServicePrincipal(
            tenantID: tenant, clientID: clientID, clientSecret: Secret(presentedSecret ?? secret),
            subscriptionID: subscription, authorityHost: server.baseURL()
        )
        do {
            try await body(server, client, TestClock(), principal)
        } catch {
            try await client.shutdown()
            try await server.shutdown()
            throw error
        }
        try await client.shutdown()
        try await server.shutdown()
    }

    static func provider(_ principal: AzureServicePrincipal, _ client: HTTPClient, _ clock: TestClock) -> AzureClientCredentialsTokenProvider {
        AzureClientCredentialsTokenProvider(
            servicePrincipal: principal, httpClient: client,
            options: TokenProviderOptions(requestTimeout: .seconds(10), now: clock.closure)
        )
    }

    /// A random client secret per test run, with characters that need form encoding.
    static func randomSecret() throws -> String {
        "s3cr+t/=&" + Hex.encode(try SecureRandom.bytes(count: 16))
    }

    @Test("the right secret gets a token; cached, then refreshed after expiry minus the margin")
    func tokenCacheAndRefresh() async throws {
        try await Self.withEndpoint(secret: Self.randomSecret(), { server, client, clock, principal in
            let provider = Self.provider(principal, client, clock)
            #expect(provider.tokenEndpointURL == "\(server.baseURL())/\(Self.tenant)/oauth2/v2.0/token")
            let token = try await provider.accessToken()
            #expect(token.value.revealedString == "eyJ0eXAi.azure-token-1")
            #expect(token.expiresAt == clock.now.addingTimeInterval(3599))
            #expect(try await provider.accessToken() == token)
            #expect(server.requests.count == 1)
            clock.advance(by: 3599 - 300)
            #expect(try await provider.accessToken().value.revealedString == "eyJ0eXAi.azure-token-2")
            #expect(server.requests.count == 2)
        })
    }

    @Test("ten concurrent callers share one token request")
    func singleFlight() async throws {
        try await Self.withEndpoint(secret: Self.randomSecret(), delay: 200, { server, client, clock, principal in
            let provider = Self.provider(principal, client, clock)
            let tokens = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<10 {
                    group.addTask { try await provider.accessToken().value.revealedString }
                }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
            #expect(Set(tokens) == ["eyJ0eXAi.azure-token-1"])
            #expect(tokens.count == 10)
            #expect(server.requests.count == 1)
        })
    }

    @Test("a wrong secret is a credentials error carrying AADSTS7000215")
    func wrongSecret() async throws {
        try await Self.withEndpoint(secret: Self.randomSecret(), { server, client, clock, principal in
            let error = await #expect(throws: TokenError.self) { try await Self.provider(principal, client, clock).accessToken() }
            #expect(error?.category == .credentials)
            #expect(error?.code == "invalid_client")
            #expect(error?.serviceCodes == ["AADSTS7000215"])
            #expect(error?.status == 401)
            #expect(error?.message.hasPrefix("AADSTS7000215: Invalid client secret provided.") == true)
            #expect(server.requests.count == 1)
        }, presentedSecret: "wrong-secret")
    }

    @Test("an unknown tenant is an invalid-request error carrying AADSTS90002")
    func unknownTenant() async throws {
        try await Self.withEndpoint(secret: Self.randomSecret(), { _, client, clock, principal in
            let error = await #expect(throws: TokenError.self) { try await Self.provider(principal, client, clock).accessToken() }
            #expect(error?.category == .invalid)
            #expect(error?.serviceCodes == ["AADSTS90002"])
        }, tenant: "00000000-0000-0000-0000-00000000dead")
    }
}
