/// How the router reacts to a failed provider call.
///
/// Every adapter classifies the provider's own error codes and HTTP statuses into one of these.
public enum ErrorClass: String, CaseIterable, Sendable, Codable, Hashable {
    /// Throttling, HTTP 429, 5xx, timeouts: retry the same provider with backoff.
    case retryable
    /// The provider has no machines of that kind right now (stockout, spot interruption).
    case capacity
    /// An account limit forbids the job (service quota, instance limit).
    case quota
    /// The credentials are missing, wrong, expired or lack permissions.
    case credentials
    /// The provider is down or unreachable beyond retries.
    case unavailable
    /// The request itself is wrong: the job fails with the provider's message.
    case invalid
    /// A finished job ran past its time limit (maximum runtime, deadline): it fails without falling back.
    case timeout

    /// The classes a profile may list under `fallback.on`; `retryable` is retried and `invalid` always fails the job.
    public static let fallThroughCandidates: [ErrorClass] = [.capacity, .quota, .credentials, .unavailable]
}
