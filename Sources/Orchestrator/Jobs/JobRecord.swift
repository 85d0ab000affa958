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

    /// Creates a new job for `organization` under `profile`.
    public init(organization: String, profile: String, spec: JobSpec, estimatedCostUSD: Double? = nil) {
        self.organization = organization
        self.profile = profile
        self.spec = spec
        self.estimatedCostUSD = estimatedCostUSD
    }
}
