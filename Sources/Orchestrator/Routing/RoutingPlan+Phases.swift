import Adapters

extension RoutingPlan {
    /// The candidates a new job is routed to: for the queue strategy only the platform pools, otherwise every
    /// eligible candidate in rank order.
    public var initialCandidates: [PlannedCandidate] {
        strategy == .queue ? ranked.filter { $0.target.provider == .platform } : ranked
    }

    /// For the queue strategy, the candidates a job spills over to after `max_queue_wait`.
    public var spillOverCandidates: [PlannedCandidate] {
        strategy == .queue ? ranked.filter { $0.target.provider != .platform } : []
    }
}
