import Foundation

/// SageMaker's `TrainingJobStatus` and `SecondaryStatus` on Trainyard's lifecycle (`shared/api-specs/state-mapping.json`).
public enum SageMakerStateMapping {
    /// Secondary states of an `InProgress` job that mean it has no machines yet.
    public static let queuedSecondaryStates: Set<String> = [
        "Starting", "Pending", "LaunchingMLInstances", "PreparingTrainingStack", "DownloadingTrainingImage",
    ]

    /// The status of a job with `status`, `secondary` state and `failureReason`.
    public static func status(
        _ status: String, secondary: String?, failureReason: String?, startedAt: Date? = nil, endedAt: Date? = nil
    ) -> ProviderJobStatus {
        func make(_ state: ProviderJobStatus.State, _ failureClass: ErrorClass? = nil, message: String? = failureReason) -> ProviderJobStatus {
            ProviderJobStatus(state: state, providerState: status, secondaryState: secondary, startedAt: startedAt, endedAt: endedAt,
                              message: message, failureClass: failureClass)
        }
        switch status {
        case "InProgress":
            return make(secondary.map(queuedSecondaryStates.contains) == true ? .queued : .running)
        case "Stopping":
            return make(.running)
        case "Completed":
            return make(.completed)
        case "Failed":
            let capacity = failureReason?.hasPrefix("CapacityError") == true
            return make(.failed, capacity ? .capacity : .invalid)
        case "Stopped":
            switch secondary {
            case "MaxRuntimeExceeded": return make(.failed, .timeout, message: failureReason ?? "the job ran past its maximum runtime")
            case "MaxWaitTimeExceeded": return make(.failed, .capacity, message: failureReason ?? "no spot capacity within the maximum wait time")
            default: return make(.cancelled)
            }
        case "Deleting":
            return make(.cancelled)
        default:
            return make(.running, message: "unknown SageMaker status \(status)")
        }
    }
}
