import AsyncHTTPClient
import Foundation
import Logging

/// OAuth 2.0 access tokens for a GCP service account through the JWT-bearer grant (RFC 7523).
///
/// Each refresh signs a ``GoogleJWTAssertion`` and POSTs
/// `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<jwt>` to the key's
/// `token_uri`. Tokens are cached until ``TokenProviderOptions/refreshMargin`` before expiry, and
/// concurrent callers share one refresh. Failures are ``TokenError``s: `invalid_grant` (a revoked
/// or wrong key) is ``TokenError/Category/credentials``, 429 and 5xx are retryable.
///
/// The `HTTPClient` is the caller's, who shuts it down; this type never creates one.
public final class GoogleServiceAccountTokenProvider: AccessTokenProvider {
    /// The grant type of RFC 7523 section 2.1.
    public static let grantType = "urn:ietf:params:oauth:grant-type:jwt-bearer"

    /// The service account.
    public let serviceAccount: GCPServiceAccountKey
    /// The OAuth scopes requested, e.g. `https://www.googleapis.com/auth/cloud-platform`.
    public let scopes: [String]
    private let privateKey: RSAPrivateKey
    private let endpoint: TokenEndpoint
    private let options: TokenProviderOptions
    private let cache: TokenCache

    /// Creates a provider; parses the service account's private key once.
    public init(
        serviceAccount: GCPServiceAccountKey,
        scopes: [String],
        httpClient: HTTPClient,
        options: TokenProviderOptions = TokenProviderOptions(),
        logger: Logger = Logger(label: "trainyard.credentials.google-token")
    ) throws {
        guard !scopes.isEmpty else {
            throw CredentialError(.missingValue, "a Google token needs at least one scope")
        }
        self.serviceAccount = serviceAccount
        self.scopes = scopes
        privateKey = try serviceAccount.rsaPrivateKey()
        endpoint = TokenEndpoint(url: serviceAccount.tokenURI, httpClient: httpClient, options: options, logger: logger)
        self.options = options
        cache = TokenCache(refreshMargin: options.refreshMargin, now: options.now)
    }

    /// A valid access token, from the cache or from one shared refresh.
    public func accessToken() async throws -> AccessToken {
        try await cache.token { [self] in
            let assertion = try GoogleJWTAssertion(
                serviceAccount: serviceAccount, privateKey: privateKey, scopes: scopes, now: options.now()
            )
            let form = assertion.compact.withRevealedBytes { jwt in
                Secret(TokenEndpoint.formEncode([
                    ("grant_type", Self.grantType), ("assertion", String(decoding: jwt, as: UTF8.self)),
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

extension GoogleServiceAccountTokenProvider: CustomStringConvertible {
    public var description: String { "GoogleServiceAccountTokenProvider(\(serviceAccount.clientEmail))" }
}
