import Foundation

/// A provider's view of a job, mapped onto Trainyard's lifecycle.
public struct ProviderJobStatus: Sendable, Hashable {
    /// Where the job stands, in Trainyard's terms.
    public var state: State
    /// The provider's own state name (`InProgress`, `JOB_STATE_RUNNING`, …), kept for display.
    public var providerState: String
    /// The provider's finer state, where it has one (SageMaker's `SecondaryStatus`, a pod's phase and reason).
    public var secondaryState: String?
    /// When the job began running at the provider (the cost meter starts here).
    public var startedAt: Date?
    /// When the job reached a terminal state at the provider (the cost meter stops here).
    public var endedAt: Date?
    /// Progress from 0 to 1, when the provider reports it.
    public var progress: Double?
    /// Latest metrics reported by the training run.
    public var metrics: [String: Double]
    /// The provider's message or failure reason.
    public var message: String?
    /// For a failed job: the class of failure, which decides whether the router falls back.
    public var failureClass: ErrorClass?

    /// The common lifecycle every provider state maps onto.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        case queued, running, completed, failed, cancelled

        /// Whether the provider will not change this state any more.
        public var isTerminal: Bool { self == .completed || self == .failed || self == .cancelled }
    }

    /// Creates a status.
    public init(
        state: State, providerState: String, secondaryState: String? = nil, startedAt: Date? = nil, endedAt: Date? = nil,
        progress: Double? = nil, metrics: [String: Double] = [:], message: String? = nil, failureClass: ErrorClass? = nil
    ) {
        self.state = state
        self.providerState = providerState
        self.secondaryState = secondaryState
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.progress = progress
        self.metrics = metrics
        self.message = message
        self.failureClass = failureClass
    }
}
