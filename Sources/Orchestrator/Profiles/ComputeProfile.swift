import Adapters

/// A team's description of where its training may run, under which strategy and within which limits.
public struct ComputeProfile: Sendable, Hashable {
    /// The profile's name, unique per organization.
    public var name: String
    /// A free-form description.
    public var description: String?
    /// How candidates are ranked.
    public var strategy: RoutingStrategy
    /// Where jobs may run, in the profile's order.
    public var candidates: [Candidate]
    /// Cost and concurrency limits.
    public var limits: ProfileLimits
    /// Which errors fall through to the next candidate, and how many attempts a job gets.
    public var fallback: FallbackPolicy

    /// Creates a profile.
    public init(
        name: String, description: String? = nil, strategy: RoutingStrategy, candidates: [Candidate],
        limits: ProfileLimits = ProfileLimits(), fallback: FallbackPolicy? = nil
    ) {
        self.name = name
        self.description = description
        self.strategy = strategy
        self.candidates = candidates
        self.limits = limits
        self.fallback = fallback ?? FallbackPolicy(maxAttempts: max(1, candidates.count))
    }
}

/// One place a profile allows a job to run.
public struct Candidate: Sendable, Hashable {
    /// Provider, region, machine, spot flag, credential and endpoint.
    public var target: ComputeTarget
    /// At most this many of the profile's jobs may be active here at once.
    public var maxConcurrentJobs: Int?
    /// Kubernetes only: the price of one GPU hour on the cluster, replacing the catalog default.
    public var pricePerGPUHour: Double?

    /// Creates a candidate.
    public init(target: ComputeTarget, maxConcurrentJobs: Int? = nil, pricePerGPUHour: Double? = nil) {
        self.target = target
        self.maxConcurrentJobs = maxConcurrentJobs
        self.pricePerGPUHour = pricePerGPUHour
    }
}

/// Cost and concurrency limits of a profile.
public struct ProfileLimits: Sendable, Hashable {
    /// A job whose estimate exceeds this is refused.
    public var maxCostPerJobUSD: Double?
    /// At most this many of the profile's jobs may be active at once.
    public var maxConcurrentJobs: Int?
    /// The organization's spend this calendar month (UTC) may not exceed this.
    public var monthlyBudgetUSD: Double?
    /// After this many seconds in the platform queue, a job spills over to the other candidates.
    public var maxQueueWaitSeconds: Double?

    /// Creates limits; `nil` means no limit.
    public init(
        maxCostPerJobUSD: Double? = nil, maxConcurrentJobs: Int? = nil, monthlyBudgetUSD: Double? = nil,
        maxQueueWaitSeconds: Double? = nil
    ) {
        self.maxCostPerJobUSD = maxCostPerJobUSD
        self.maxConcurrentJobs = maxConcurrentJobs
        self.monthlyBudgetUSD = monthlyBudgetUSD
        self.maxQueueWaitSeconds = maxQueueWaitSeconds
    }
}

/// Which provider errors move a job on to the next candidate.
public struct FallbackPolicy: Sendable, Hashable {
    /// Error classes that fall through; any other class fails the job.
    public var on: Set<ErrorClass>
    /// Provider calls a job may make in all, across candidates and retries.
    public var maxAttempts: Int

    /// Creates a policy; by default every fall-through class falls through.
    public init(on: Set<ErrorClass> = Set(ErrorClass.fallThroughCandidates), maxAttempts: Int) {
        self.on = on
        self.maxAttempts = maxAttempts
    }
}
