/// A source of OAuth access tokens that caches them: the Google service-account and Azure client-credentials
/// providers.
public protocol AccessTokenProvider: Sendable {
    /// A valid access token, from the cache or from one shared refresh.
    func accessToken() async throws -> AccessToken

    /// Forgets the cached token, so that the next call refreshes (e.g. after an API answered 401).
    func invalidateCachedToken() async
}
