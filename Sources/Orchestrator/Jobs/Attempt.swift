import Adapters
import Foundation

/// One try at placing a job on a provider.
public struct Attempt: Sendable, Hashable {
    /// How the try ended.
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// The provider accepted the job.
        case submitted
        /// The provider refused or failed; see the error class.
        case failed
        /// The job waited in the platform queue past `max_queue_wait` and spilled over.
        case queueTimeout = "queue-timeout"
    }

    public var jobID: String
    /// 1, 2, … per job.
    public var number: Int
    public var candidateIndex: Int
    public var provider: ProviderKind
    public var machine: String
    public var region: String
    public var outcome: Outcome
    public var errorClass: ErrorClass?
    public var errorCode: String?
    public var message: String
    public var providerJobID: ProviderJobID?
    public var startedAt: Date
    public var endedAt: Date

    /// Creates an attempt record.
    public init(
        jobID: String, number: Int, candidateIndex: Int, target: ComputeTarget, outcome: Outcome,
        errorClass: ErrorClass? = nil, errorCode: String? = nil, message: String,
        providerJobID: ProviderJobID? = nil, startedAt: Date, endedAt: Date
    ) {
        self.jobID = jobID
        self.number = number
        self.candidateIndex = candidateIndex
        self.provider = target.provider
        self.machine = target.machine.description
        self.region = target.region
        self.outcome = outcome
        self.errorClass = errorClass
        self.errorCode = errorCode
        self.message = message
        self.providerJobID = providerJobID
        self.startedAt = startedAt
        self.endedAt = endedAt
    }
}

/// A line in a job's history.
public struct JobEvent: Sendable, Hashable {
    public var jobID: String
    public var at: Date
    /// A short stable kind: `created`, `state`, `attempt`, `placed`, `failed`.
    public var kind: String
    public var message: String
}
