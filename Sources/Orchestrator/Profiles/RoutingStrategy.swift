/// How a profile chooses among its candidates.
public enum RoutingStrategy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Platform workers only, waiting in the priority queue; other candidates take the job only after
    /// `limits.max_queue_wait`.
    case queue
    /// Lowest estimated cost among eligible candidates; time breaks ties.
    case cheapest
    /// Lowest estimated time among eligible candidates; cost breaks ties.
    case fastest
    /// The profile's own order: primary first, then the fallbacks.
    case preferred
}
