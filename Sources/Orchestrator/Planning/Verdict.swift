/// Why a candidate was ranked where it is, or rejected: structured, so planning builds no text; the
/// explanation renders it.
public enum Verdict: Sendable, Hashable, CustomStringConvertible {
    /// Eligible, at `rank` under the strategy, with its cost and hours and those of the rank-1 candidate.
    case ranked(strategy: RoutingStrategy, rank: Int, priority: JobPriority, costUSD: Double, hours: Double, bestCostUSD: Double, bestHours: Double)
    /// Eligible only after the job waited this many seconds in the platform queue.
    case spillOver(waitSeconds: Double)
    /// Not eligible.
    case rejected(Rejection)

    public var description: String {
        switch self {
        case .ranked(let strategy, let rank, let priority, let costUSD, let estimatedHours, let bestCostUSD, let bestHours):
            let cost = Format.usd(costUSD), hours = Format.hours(estimatedHours)
            switch strategy {
            case .queue:
                return rank == 1 ? "platform queue at priority \(priority.rawValue) (\(hours))" : "next platform pool in profile order (\(hours))"
            case .preferred:
                return rank == 1 ? "first eligible candidate in profile order (\(cost), \(hours))" : "fallback #\(rank - 1) in profile order (\(cost), \(hours))"
            case .cheapest:
                guard rank > 1 else { return "cheapest eligible candidate (\(cost), \(hours))" }
                let more = costUSD - bestCostUSD
                return more > 0 ? "\(cost), \(Format.usd(more)) more than the cheapest" : "\(cost), as cheap as the cheapest but slower (\(hours))"
            case .fastest:
                guard rank > 1 else { return "fastest eligible candidate (\(hours), \(cost))" }
                let slower = estimatedHours - bestHours
                return slower > 0 ? "\(hours), \(Format.hours(slower)) slower than the fastest" : "\(hours), as fast as the fastest but dearer (\(cost))"
            }
        case .spillOver(let wait):
            return "spill-over after \(DurationText.format(wait)) in the platform queue"
        case .rejected(let rejection):
            return rejection.description
        }
    }
}

/// Why a candidate is not eligible, with the numbers.
public enum Rejection: Sendable, Hashable, CustomStringConvertible {
    case estimate(EstimateError)
    case missingCredentials(name: String)
    case maxCostPerJob(costUSD: Double, limitUSD: Double)
    case jobMaxCost(costUSD: Double, limitUSD: Double)
    case monthlyBudget(spentUSD: Double, costUSD: Double, budgetUSD: Double)
    case profileConcurrency(active: Int, limit: Int)
    case candidateConcurrency(active: Int, limit: Int)
    /// A non-platform candidate under the queue strategy without `max_queue_wait`.
    case queueOnly

    /// A stable code.
    public var code: String {
        switch self {
        case .estimate(let error): error.code
        case .missingCredentials: "limit.missing_credentials"
        case .maxCostPerJob: "limit.max_cost_per_job"
        case .jobMaxCost: "limit.job_max_cost"
        case .monthlyBudget: "limit.monthly_budget"
        case .profileConcurrency: "limit.profile_concurrency"
        case .candidateConcurrency: "limit.candidate_concurrency"
        case .queueOnly: "strategy.queue_only"
        }
    }

    public var description: String {
        switch self {
        case .estimate(let error):
            error.description
        case .missingCredentials(let name):
            "credential '\(name)' is not registered"
        case .maxCostPerJob(let cost, let limit):
            "estimated \(Format.usd(cost)) exceeds the profile's max_cost_per_job_usd \(Format.usd(limit))"
        case .jobMaxCost(let cost, let limit):
            "estimated \(Format.usd(cost)) exceeds the job's max_cost_usd \(Format.usd(limit))"
        case .monthlyBudget(let spent, let cost, let budget):
            "spent \(Format.usd(spent)) this month + estimated \(Format.usd(cost)) exceeds monthly_budget_usd \(Format.usd(budget))"
        case .profileConcurrency(let active, let limit):
            "\(active) of the profile's jobs are active, max_concurrent_jobs is \(limit)"
        case .candidateConcurrency(let active, let limit):
            "\(active) jobs active here, max_concurrent_jobs is \(limit)"
        case .queueOnly:
            "the queue strategy runs on platform workers only; set limits.max_queue_wait to spill over"
        }
    }
}
