import Credentials

/// Where ``GCSStorage`` gets the OAuth 2.0 bearer token it sends with each request.
///
/// `GoogleServiceAccountTokenProvider` is one. Another source (a metadata server, workload identity
/// federation) only has to hand out valid tokens, caching and refreshing them as it sees fit.
public protocol GCSAccessTokenSource: Sendable {
    /// A token that is valid now.
    func accessToken() async throws -> AccessToken
}

extension GoogleServiceAccountTokenProvider: GCSAccessTokenSource {}
