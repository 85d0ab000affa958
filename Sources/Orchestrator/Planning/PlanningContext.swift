/// What the planner must know about the world beyond the job and the profile.
public struct PlanningContext: Sendable, Hashable {
    /// Active (not yet finished) jobs of this profile, per candidate index.
    public var activeJobsByCandidate: [Int: Int]
    /// The organization's spend this calendar month, USD (finished jobs and estimates of active ones).
    public var monthSpendUSD: Double
    /// Names of the organization's registered credentials; `nil` skips the check (planning only).
    public var registeredCredentials: Set<String>?

    /// Creates a context; by default nothing is running, nothing is spent and credentials are not checked.
    public init(activeJobsByCandidate: [Int: Int] = [:], monthSpendUSD: Double = 0, registeredCredentials: Set<String>? = nil) {
        self.activeJobsByCandidate = activeJobsByCandidate
        self.monthSpendUSD = monthSpendUSD
        self.registeredCredentials = registeredCredentials
    }

    /// Active jobs of the profile across its candidates.
    public var activeJobs: Int { activeJobsByCandidate.values.reduce(0, +) }
}
