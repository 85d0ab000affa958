/// Why the job store refused an operation.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The lifecycle forbids this transition.
    case illegalTransition(from: JobState, to: JobState)
    /// The job was not in the expected state any more (someone else moved it first).
    case conflict(jobID: String, expected: JobState, actual: JobState)
    /// No such job in the organization.
    case notFound(jobID: String)
    /// The database failed.
    case database(String)

    /// A stable error code.
    public var code: String {
        switch self {
        case .illegalTransition: "job.illegal_transition"
        case .conflict: "job.state_conflict"
        case .notFound: "job.not_found"
        case .database: "store.database"
        }
    }

    public var description: String {
        switch self {
        case .illegalTransition(let from, let to): "\(code): a job cannot go from \(from.rawValue) to \(to.rawValue)"
        case .conflict(let id, let expected, let actual): "\(code): job \(id) is \(actual.rawValue), not \(expected.rawValue)"
        case .notFound(let id): "\(code): no job \(id)"
        case .database(let message): "\(code): \(message)"
        }
    }
}
