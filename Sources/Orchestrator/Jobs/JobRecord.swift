import Adapters
import Foundation

/// A persisted job.
public struct JobRecord: Sendable, Hashable {
    public var id: String
    public var organization: String
    /// The profile it was routed under.
    public var profile: String
    public var spec: JobSpec
    public var state: JobState
    /// The provider that holds it now, once routed.
    public var provider: ProviderKind?
    /// The provider's id for it, once submitted.
    public var providerJobID: ProviderJobID?
    /// The profile candidate it was placed on.
    public var candidateIndex: Int?
    /// The estimate of the candidate it was placed on (or of the planned choice before placement).
    public var estimatedCostUSD: Double?
    /// Why it failed or was cancelled.
    public var reason: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// When it last entered the queue (FIFO order within a priority).
    public var queuedAt: Date
    /// Progress from 0 to 1, as the run last reported it.
    public var progress: Double?
    /// The last finished epoch.
    public var epoch: Int?
    /// The latest metrics.
    public var metrics: [String: Double]
    /// When it first started running, and when it finished.
    public var startedAt: Date?
    public var finishedAt: Date?
    /// Platform runs so far, and how many it may have.
    public var runAttempts: Int
    public var maxAttempts: Int
    /// Why a queued job is still waiting (no worker has enough GPUs, backing off after a failure).
    public var waitReason: String?
    /// The platform worker that holds it.
    public var leaseOwner: String?
    /// Whether a cancellation waits for its worker.
    public var cancelRequested: Bool
    /// The profile's text as it was when the job was submitted, so later edits of the profile do not move it.
    public var profileSource: String?
    /// When the status sync last heard from its provider, and how many polls in a row found no such job there.
    public var lastSyncedAt: Date?
    public var syncMisses: Int
    /// What it has cost so far: provider runtime × the catalog price of where it runs.
    public var costSoFarUSD: Double?
}

/// Fields a transition may change besides the state.
public struct JobChanges: Sendable, Hashable {
    public var provider: ProviderKind?
    public var providerJobID: ProviderJobID?
    public var candidateIndex: Int?
    public var estimatedCostUSD: Double?
    public var reason: String?

    /// Creates a change set; `nil` leaves a field as it is.
    public init(
        provider: ProviderKind? = nil, providerJobID: ProviderJobID? = nil, candidateIndex: Int? = nil,
        estimatedCostUSD: Double? = nil, reason: String? = nil
    ) {
        self.provider = provider
        self.providerJobID = providerJobID
        self.candidateIndex = candidateIndex
        self.estimatedCostUSD = estimatedCostUSD
        self.reason = reason
    }
}

/// A job about to be persisted.
public struct NewJob: Sendable, Hashable {
    public var organization: String
    public var profile: String
    public var spec: JobSpec
    public var estimatedCostUSD: Double?
    /// Runs a platform job may have (the profile's `fallback.max_attempts`).
    public var maxAttempts: Int
    /// The profile's text, kept with the job.
    public var profileSource: String?

    /// Creates a new job for `organization` under `profile`.
    public init(
        organization: String, profile: String, spec: JobSpec, estimatedCostUSD: Double? = nil, maxAttempts: Int = 1,
        profileSource: String? = nil
    ) {
        self.organization = organization
        self.profile = profile
        self.spec = spec
        self.estimatedCostUSD = estimatedCostUSD
        self.maxAttempts = maxAttempts
        self.profileSource = profileSource
    }
}
