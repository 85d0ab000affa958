/// Capped exponential backoff with jitter for `retryable` provider errors.
public struct RetryPolicy: Sendable, Hashable {
    /// Retries of one candidate before its error counts as `unavailable`.
    public var maxRetries: Int
    /// The delay before the first retry, in seconds.
    public var baseDelay: Double
    /// No delay exceeds this, in seconds.
    public var maxDelay: Double

    /// Creates a policy.
    public init(maxRetries: Int = 3, baseDelay: Double = 0.5, maxDelay: Double = 8) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The delay before retry `retry` (1-based): half the capped exponential step, plus a random part of the
    /// other half ("equal jitter"), so concurrent retries spread out but never retry at once.
    ///
    /// - Parameter unit: a random number in `0..<1`.
    public func delay(beforeRetry retry: Int, unit: Double) -> Double {
        let exponent = Double(max(0, retry - 1))
        let step = min(maxDelay, baseDelay * pow2(exponent))
        return step / 2 + step / 2 * min(max(unit, 0), 1)
    }

    private func pow2(_ exponent: Double) -> Double {
        exponent >= 62 ? .infinity : Double(1 << Int(exponent))
    }
}
