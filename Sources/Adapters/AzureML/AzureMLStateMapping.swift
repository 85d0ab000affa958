import Foundation

/// Azure ML `JobStatus` and ARM errors on Trainyard's lifecycle and error classes (`shared/api-specs/state-mapping.json`).
public enum AzureMLStateMapping {
    /// Error codes of account quotas, in an ARM answer or a failed job.
    public static let quotaCodes = ["OutOfQuota", "JobNodeCountExceedsCoreQuota", "ClusterMinNodesExceedCoreQuota", "QuotaExceeded"]
    /// Error codes of low-priority (spot) nodes taken back mid-run.
    public static let preemptionCodes = ["PreemptionError"]
    /// ARM codes of refused, expired or unauthorized tokens.
    public static let credentialCodes: Set<String> = [
        "AuthenticationFailed", "InvalidAuthenticationToken", "ExpiredAuthenticationToken", "InvalidAuthenticationTokenAudience",
        "AuthorizationFailed",
    ]

    /// The status of a job in `status`, with the run's `errorCode` and `errorMessage`.
    public static func status(
        _ status: String, errorCode: String?, errorMessage: String?, startedAt: Date? = nil, endedAt: Date? = nil
    ) -> ProviderJobStatus {
        func make(_ common: ProviderJobStatus.State, _ failureClass: ErrorClass? = nil) -> ProviderJobStatus {
            ProviderJobStatus(state: common, providerState: status, startedAt: startedAt, endedAt: endedAt,
                              message: [errorCode, errorMessage].compactMap { $0 }.joined(separator: ": ").nilIfEmpty, failureClass: failureClass)
        }
        switch status {
        case "NotStarted", "Starting", "Provisioning", "Preparing", "Queued", "Paused":
            return make(.queued)
        case "Running", "Finalizing", "CancelRequested", "NotResponding", "Unknown":
            return make(.running)
        case "Completed":
            return make(.completed)
        case "Failed":
            let text = "\(errorCode ?? "") \(errorMessage ?? "")"
            if quotaCodes.contains(where: text.contains) { return make(.failed, .quota) }
            if preemptionCodes.contains(where: text.contains) { return make(.failed, .capacity) }
            return make(.failed, .invalid)
        case "Canceled":
            return make(.cancelled)
        default:
            return ProviderJobStatus(state: .running, providerState: status, message: "unknown Azure ML status \(status)")
        }
    }

    /// The class of an ARM error answer with HTTP `status`, error `code` and `message`.
    public static func classify(httpStatus: Int, code: String?, message: String) -> ErrorClass {
        if quotaCodes.contains(where: { code == $0 || message.contains($0) }) { return .quota }
        if let code, credentialCodes.contains(code) { return .credentials }
        switch httpStatus {
        case 429, 500, 502, 503, 504: return .retryable
        case 401, 403: return .credentials
        default: return .invalid
        }
    }
}
