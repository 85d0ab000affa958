/// What an API key may do inside its organization. Each role includes the ones below it.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    /// Reads jobs, profiles, credentials' names, estimates.
    case viewer
    /// Also submits, cancels and retries jobs.
    case member
    /// Also manages credentials and profiles.
    case admin

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .member: 1
        case .admin: 2
        }
    }

    /// Whether a key with this role may do what `required` may.
    public func includes(_ required: Role) -> Bool { rank >= required.rank }
}
