import Foundation
import NIOCore

/// Settings shared by the token providers.
public struct TokenProviderOptions: Sendable {
    /// The `User-Agent` sent to token endpoints.
    public static let defaultUserAgent = "Trainyard-Credentials/1.0 (token provider)"

    /// The time limit for one token request, connection included.
    public var requestTimeout: TimeAmount
    /// How long before expiry a cached token is replaced; never more than half the token's lifetime.
    public var refreshMargin: TimeInterval
    /// The clock; tests inject one to cross expiry without sleeping.
    public var now: @Sendable () -> Date
    /// The `User-Agent` header.
    public var userAgent: String

    /// Creates options: 30 s timeout, refresh 5 minutes before expiry, the system clock.
    public init(
        requestTimeout: TimeAmount = .seconds(30),
        refreshMargin: TimeInterval = 300,
        now: @escaping @Sendable () -> Date = { Date() },
        userAgent: String = Self.defaultUserAgent
    ) {
        self.requestTimeout = requestTimeout
        self.refreshMargin = refreshMargin
        self.now = now
        self.userAgent = userAgent
    }
}
