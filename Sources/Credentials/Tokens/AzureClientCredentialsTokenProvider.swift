import AsyncHTTPClient
import Foundation
import Logging

/// Microsoft Entra ID access tokens for a service principal through the client-credentials grant.
///
/// Each refresh POSTs `grant_type=client_credentials&client_id=…&client_secret=…&scope=…` to
/// `<authority host>/<tenant>/oauth2/v2.0/token`. Tokens are cached until
/// ``TokenProviderOptions/refreshMargin`` before expiry, and concurrent callers share one refresh.
/// Failures are ``TokenError``s carrying the `AADSTS…` codes Entra ID sent (e.g. `AADSTS7000215`
/// for a wrong secret, classified as ``TokenError/Category/credentials``).
///
/// The `HTTPClient` is the caller's, who shuts it down; this type never creates one.
public final class AzureClientCredentialsTokenProvider: AccessTokenProvider {
    /// The scope of Azure Resource Manager.
    public static let resourceManagerScope = "https://management.azure.com/.default"

    /// The service principal.
    public let servicePrincipal: AzureServicePrincipal
    /// The scope requested, e.g. ``resourceManagerScope``.
    public let scope: String
    private let endpoint: TokenEndpoint
    private let cache: TokenCache

    /// Creates a provider.
    public init(
        servicePrincipal: AzureServicePrincipal,
        scope: String = AzureClientCredentialsTokenProvider.resourceManagerScope,
        httpClient: HTTPClient,
        options: TokenProviderOptions = TokenProviderOptions(),
        logger: Logger = Logger(label: "trainyard.credentials.azure-token")
    ) {
        self.servicePrincipal = servicePrincipal
        self.scope = scope
        let tenant = AWSURIEncoding.encode(servicePrincipal.tenantID)
        endpoint = TokenEndpoint(
            url: "\(servicePrincipal.authorityHost)/\(tenant)/oauth2/v2.0/token",
            httpClient: httpClient,
            options: options,
            logger: logger
        )
        cache = TokenCache(refreshMargin: options.refreshMargin, now: options.now)
    }

    /// The token endpoint URL.
    public var tokenEndpointURL: String { endpoint.url }

    /// A valid access token, from the cache or from one shared refresh.
    public func accessToken() async throws -> AccessToken {
        try await cache.token { [self] in
            let form = servicePrincipal.clientSecret.withRevealedBytes { secret in
                Secret(TokenEndpoint.formEncode([
                    ("grant_type", "client_credentials"),
                    ("client_id", servicePrincipal.clientID),
                    ("client_secret", String(decoding: secret, as: UTF8.self)),
                    ("scope", scope),
                ]))
            }
            return try await endpoint.requestToken(form: form)
        }
    }

    /// Forgets the cached token, so that the next call refreshes (e.g. after an API answered 401).
    public func invalidateCachedToken() async {
        await cache.invalidate()
    }
}

extension AzureClientCredentialsTokenProvider: CustomStringConvertible {
    public var description: String {
        "AzureClientCredentialsTokenProvider(tenant: \(servicePrincipal.tenantID), client: \(servicePrincipal.clientID))"
    }
}
