import Foundation

/// Vertex AI `JobState` and `google.rpc` errors on Trainyard's lifecycle and error classes
/// (`shared/api-specs/state-mapping.json`, `shared/api-specs/README.md`).
public enum VertexStateMapping {
    /// `google.rpc.Code.RESOURCE_EXHAUSTED`: a failed job's stockout.
    public static let resourceExhausted = 8

    /// The status of a job in `state`, with its `error` code and message.
    public static func status(
        _ state: String, errorCode: Int?, errorMessage: String?, startedAt: Date? = nil, endedAt: Date? = nil
    ) -> ProviderJobStatus {
        func make(_ common: ProviderJobStatus.State, _ failureClass: ErrorClass? = nil) -> ProviderJobStatus {
            ProviderJobStatus(state: common, providerState: state, startedAt: startedAt, endedAt: endedAt, message: errorMessage, failureClass: failureClass)
        }
        switch state {
        case "JOB_STATE_UNSPECIFIED", "JOB_STATE_QUEUED", "JOB_STATE_PENDING", "JOB_STATE_PAUSED":
            return make(.queued)
        case "JOB_STATE_RUNNING", "JOB_STATE_UPDATING", "JOB_STATE_CANCELLING":
            return make(.running)
        case "JOB_STATE_SUCCEEDED":
            return make(.completed)
        case "JOB_STATE_FAILED":
            return make(.failed, errorCode == resourceExhausted ? .capacity : .invalid)
        case "JOB_STATE_PARTIALLY_SUCCEEDED":
            return make(.failed, .invalid)
        case "JOB_STATE_EXPIRED":
            return make(.failed, .capacity)
        case "JOB_STATE_CANCELLED":
            return make(.cancelled)
        default:
            return ProviderJobStatus(state: .running, providerState: state, message: "unknown Vertex AI state \(state)")
        }
    }

    /// The class of an API error answer with HTTP `status`, `google.rpc` status name and `message`.
    ///
    /// Both quota refusals and rate limits answer 429 `RESOURCE_EXHAUSTED`; rate limits name a per-minute or
    /// per-second request limit, quota refusals name the quota metric the job would exceed.
    public static func classify(httpStatus: Int, status: String?, message: String) -> ErrorClass {
        let lower = message.lowercased()
        switch httpStatus {
        case 429:
            let rateLimited = lower.contains("per minute") || lower.contains("per second") || lower.contains("requests")
            return rateLimited ? .retryable : .quota
        case 401:
            return .credentials
        case 403:
            return lower.contains("quota") ? .quota : .credentials
        case 500, 502, 503, 504:
            return .retryable
        default:
            return status == "UNAVAILABLE" || status == "DEADLINE_EXCEEDED" ? .retryable : .invalid
        }
    }
}
