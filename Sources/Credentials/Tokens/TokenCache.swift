import Foundation

/// Caches one access token and refreshes it single-flight.
///
/// A cached token is served until `refreshMargin` (at most half its lifetime) before it expires.
/// When a refresh is needed, the first caller starts it and every caller that arrives meanwhile
/// awaits the same request, so N concurrent callers cause one token request. A failed refresh is
/// not cached: the next caller tries again.
actor TokenCache {
    private let refreshMargin: TimeInterval
    private let now: @Sendable () -> Date
    private var cached: AccessToken?
    private var inFlight: Task<AccessToken, any Error>?

    init(refreshMargin: TimeInterval, now: @escaping @Sendable () -> Date) {
        self.refreshMargin = refreshMargin
        self.now = now
    }

    func token(fetch: @escaping @Sendable () async throws -> AccessToken) async throws -> AccessToken {
        if let cached, isFresh(cached) {
            return cached
        }
        if let inFlight {
            return try await inFlight.value
        }
        let task = Task { try await fetch() }
        inFlight = task
        do {
            let token = try await task.value
            cached = token
            inFlight = nil
            return token
        } catch {
            inFlight = nil
            throw error
        }
    }

    /// Drops the cached token, e.g. after the provider answered 401 to it.
    func invalidate() {
        cached = nil
    }

    private func isFresh(_ token: AccessToken) -> Bool {
        let lifetime = token.expiresAt.timeIntervalSince(token.obtainedAt)
        let margin = min(refreshMargin, max(0, lifetime / 2))
        return now() < token.expiresAt.addingTimeInterval(-margin)
    }
}
