/// A job's place in the platform queue: urgent before high before normal before low, then first come first served.
public enum JobPriority: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case urgent, high, normal, low

    /// Smaller runs sooner.
    public var rank: Int {
        switch self {
        case .urgent: 0
        case .high: 1
        case .normal: 2
        case .low: 3
        }
    }

    public static func < (lhs: JobPriority, rhs: JobPriority) -> Bool { lhs.rank < rhs.rank }
}
