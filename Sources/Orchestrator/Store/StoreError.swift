/// Why the job store refused an operation.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The lifecycle forbids this transition.
    case illegalTransition(from: JobState, to: JobState)
    /// The job was not in the expected state any more (someone else moved it first).
    case conflict(jobID: String, expected: JobState, actual: JobState)
    /// No such job in the organization.
    case notFound(jobID: String)
    /// No such profile in the organization.
    case profileNotFound(name: String)
    /// An organization or profile name outside letters, digits, `-`, `_`, `.` (1 to 63 characters).
    case invalidName(String)
    /// The database failed.
    case database(String)

    /// A stable error code.
    public var code: String {
        switch self {
        case .illegalTransition: "job.illegal_transition"
        case .conflict: "job.state_conflict"
        case .notFound: "job.not_found"
        case .profileNotFound: "profile.not_found"
        case .invalidName: "name.invalid"
        case .database: "store.database"
        }
    }

    public var description: String {
        switch self {
        case .illegalTransition(let from, let to): "\(code): a job cannot go from \(from.rawValue) to \(to.rawValue)"
        case .conflict(let id, let expected, let actual): "\(code): job \(id) is \(actual.rawValue), not \(expected.rawValue)"
        case .notFound(let id): "\(code): no job \(id)"
        case .profileNotFound(let name): "\(code): no profile \(name)"
        case .invalidName(let name): "\(code): '\(name)' is not a valid name (1 to 63 of letters, digits, -, _ and ., not starting with .)"
        case .database(let message): "\(code): \(message)"
        }
    }
}
