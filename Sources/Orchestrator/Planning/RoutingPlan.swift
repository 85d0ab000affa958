import Adapters

/// The routing decision for one job under one profile: every candidate, ranked or rejected, with reasons.
public struct RoutingPlan: Sendable, Hashable {
    /// The profile's name.
    public var profile: String
    /// The profile's strategy.
    public var strategy: RoutingStrategy
    /// Every candidate in the profile's order.
    public var candidates: [PlannedCandidate]

    /// Eligible candidates in the order the router tries them.
    public var ranked: [PlannedCandidate] {
        candidates.filter { $0.rank != nil }.sorted { ($0.rank ?? 0) < ($1.rank ?? 0) }
    }

    /// The first candidate the router tries, if any is eligible.
    public var chosen: PlannedCandidate? { candidates.first { $0.rank == 1 } }
}

/// One candidate as the planner sees it.
public struct PlannedCandidate: Sendable, Hashable {
    /// The candidate's position in the profile.
    public var index: Int
    /// The profile's candidate.
    public var candidate: Candidate
    /// Hours and cost, when the candidate could be estimated.
    public var estimate: CostEstimate?
    /// 1 for the chosen candidate, 2 for the first fallback, …; `nil` when ineligible.
    public var rank: Int?
    /// Why it was ranked where it is, or rejected; `nil` while the planner has not ranked it yet.
    public var verdict: Verdict?

    /// Creates an unranked candidate; a `nil` verdict means eligible so far.
    public init(index: Int, candidate: Candidate, estimate: CostEstimate?, verdict: Verdict?) {
        self.index = index
        self.candidate = candidate
        self.estimate = estimate
        self.verdict = verdict
    }

    /// The candidate's target.
    public var target: ComputeTarget { candidate.target }

    /// Whether the router may use it.
    public var eligible: Bool {
        if case .rejected? = verdict { return false }
        return true
    }

    /// The stable code of a rejection.
    public var rejection: String? {
        guard case .rejected(let rejection)? = verdict else { return nil }
        return rejection.code
    }

    /// The verdict in words.
    public var reason: String { verdict?.description ?? "" }
}
