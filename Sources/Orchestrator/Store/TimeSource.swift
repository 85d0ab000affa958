import Foundation

/// Where the current time comes from; injected so tests control it.
public protocol TimeSource: Sendable {
    /// The current time.
    func now() -> Date
}

/// The system clock.
public struct SystemTime: TimeSource {
    public init() {}
    public func now() -> Date { Date() }
}
