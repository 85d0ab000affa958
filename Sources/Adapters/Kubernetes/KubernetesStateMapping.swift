import Foundation

/// A Job's conditions and its pods on Trainyard's lifecycle (`shared/api-specs/state-mapping.json`), and Kubernetes
/// API errors as error classes.
public enum KubernetesStateMapping {
    /// Pod reasons and disruption conditions that mean the cluster took the machine away (eviction, preemption,
    /// node shutdown): the job lost capacity rather than failing by itself.
    public static let disruptionReasons: Set<String> = [
        "Evicted", "Preempting", "Shutdown", "Terminated", "NodeLost", "DeletionByTaintManager", "PreemptionByScheduler",
        "EvictionByEvictionAPI", "TerminationByKubelet", "DeletionByPodGC",
    ]

    /// What Trainyard reads from one pod of the Job.
    public struct PodView: Sendable, Hashable {
        public var phase: String
        /// `status.reason` (`Evicted`, …).
        public var reason: String?
        /// The reason of a `DisruptionTarget=True` condition.
        public var disruption: String?
        /// The message of a `PodScheduled=False` condition with reason `Unschedulable`.
        public var unschedulable: String?

        /// Creates a view of a pod.
        public init(phase: String, reason: String? = nil, disruption: String? = nil, unschedulable: String? = nil) {
            self.phase = phase
            self.reason = reason
            self.disruption = disruption
            self.unschedulable = unschedulable
        }
    }

    /// The status of a Job with `conditions` (type → (status, reason, message)), `ready` pods and its `pods`;
    /// `pendingFor` is how long it has had no running pod, `grace` how long an unschedulable pod may wait.
    public static func status(
        conditions: [(type: String, status: String, reason: String?, message: String?)], active: Int, ready: Int, pods: [PodView],
        pendingFor: TimeInterval, grace: TimeInterval, startedAt: Date? = nil, endedAt: Date? = nil
    ) -> ProviderJobStatus {
        func make(_ state: ProviderJobStatus.State, _ providerState: String, message: String? = nil, failureClass: ErrorClass? = nil)
            -> ProviderJobStatus {
            ProviderJobStatus(state: state, providerState: providerState, secondaryState: pods.first.map { podSummary($0) },
                              startedAt: startedAt, endedAt: endedAt, message: message, failureClass: failureClass)
        }
        let holding = conditions.filter { $0.status == "True" }
        if let complete = holding.first(where: { $0.type == "Complete" }) {
            return make(.completed, "Complete", message: complete.message)
        }
        if let failed = holding.first(where: { $0.type == "Failed" }) {
            if let disrupted = pods.first(where: { $0.disruption != nil || disruptionReasons.contains($0.reason ?? "") }) {
                return make(.failed, "Failed", message: "the pod was disrupted (\(disrupted.disruption ?? disrupted.reason ?? "")): \(failed.message ?? "")",
                            failureClass: .capacity)
            }
            let timedOut = failed.reason == "DeadlineExceeded"
            return make(.failed, "Failed", message: [failed.reason, failed.message].compactMap { $0 }.joined(separator: ": "),
                        failureClass: timedOut ? .timeout : .invalid)
        }
        if holding.contains(where: { $0.type == "FailureTarget" || $0.type == "SuccessCriteriaMet" }) {
            return make(.running, "Finishing")
        }
        if holding.contains(where: { $0.type == "Suspended" }) {
            return make(.queued, "Suspended")
        }
        if ready > 0 || pods.contains(where: { $0.phase == "Running" }) {
            return make(.running, "Running")
        }
        if let stuck = pods.first(where: { $0.unschedulable != nil }), pendingFor > grace {
            return make(.failed, "Unschedulable", message: "no node could take the pod for \(Int(pendingFor)) s: \(stuck.unschedulable ?? "")",
                        failureClass: .capacity)
        }
        return make(.queued, active > 0 ? "Pending" : "Created")
    }

    private static func podSummary(_ pod: PodView) -> String {
        [pod.phase, pod.reason ?? pod.disruption ?? (pod.unschedulable == nil ? nil : "Unschedulable")].compactMap { $0 }.joined(separator: "/")
    }

    /// The class of an API error answer with HTTP `status`, Status `reason` and `message`.
    public static func classify(httpStatus: Int, reason: String?, message: String) -> ErrorClass {
        switch httpStatus {
        case 429, 500, 502, 503, 504: return .retryable
        case 401: return .credentials
        case 403: return message.contains("exceeded quota") ? .quota : .credentials
        case 409: return reason == "AlreadyExists" ? .invalid : .retryable
        default: return .invalid
        }
    }
}
