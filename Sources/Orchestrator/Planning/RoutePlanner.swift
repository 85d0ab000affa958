import Adapters

/// Decides where a job should run: estimates every candidate, applies the limits, and ranks the
/// eligible ones by the profile's strategy.
public struct RoutePlanner: Sendable {
    /// The estimator pricing each candidate.
    public let estimator: CostEstimator

    /// Creates a planner.
    public init(estimator: CostEstimator) {
        self.estimator = estimator
    }

    /// Plans `job` under `profile`.
    public func plan(_ job: JobSpec, profile: ComputeProfile, context: PlanningContext = PlanningContext()) -> RoutingPlan {
        var planned = profile.candidates.enumerated().map { index, candidate in
            assess(job, candidate: candidate, index: index, profile: profile, context: context)
        }
        rank(&planned, profile: profile, job: job)
        return RoutingPlan(profile: profile.name, strategy: profile.strategy, candidates: planned)
    }

    // MARK: Eligibility

    private func assess(
        _ job: JobSpec, candidate: Candidate, index: Int, profile: ComputeProfile, context: PlanningContext
    ) -> PlannedCandidate {
        let estimate: CostEstimate
        do {
            estimate = try estimator.estimate(job, on: candidate)
        } catch {
            return PlannedCandidate(index: index, candidate: candidate, estimate: nil, verdict: .rejected(.estimate(error)))
        }
        let verdict = Self.rejection(job, candidate: candidate, index: index, profile: profile, context: context, cost: estimate.totalUSD)
            .map(Verdict.rejected)
        return PlannedCandidate(index: index, candidate: candidate, estimate: estimate, verdict: verdict)
    }

    /// The first limit the candidate breaks, if any.
    private static func rejection(
        _ job: JobSpec, candidate: Candidate, index: Int, profile: ComputeProfile, context: PlanningContext, cost: Double
    ) -> Rejection? {
        if let registered = context.registeredCredentials, let name = candidate.target.credentials, !registered.contains(name) {
            return .missingCredentials(name: name)
        }
        if let limit = profile.limits.maxCostPerJobUSD, cost > limit { return .maxCostPerJob(costUSD: cost, limitUSD: limit) }
        if let limit = job.maxCostUSD, cost > limit { return .jobMaxCost(costUSD: cost, limitUSD: limit) }
        if let budget = profile.limits.monthlyBudgetUSD, context.monthSpendUSD + cost > budget {
            return .monthlyBudget(spentUSD: context.monthSpendUSD, costUSD: cost, budgetUSD: budget)
        }
        if let limit = profile.limits.maxConcurrentJobs, context.activeJobs >= limit {
            return .profileConcurrency(active: context.activeJobs, limit: limit)
        }
        if let limit = candidate.maxConcurrentJobs, let active = context.activeJobsByCandidate[index], active >= limit {
            return .candidateConcurrency(active: active, limit: limit)
        }
        return nil
    }

    // MARK: Ranking

    private func rank(_ planned: inout [PlannedCandidate], profile: ComputeProfile, job: JobSpec) {
        // Positions of the eligible candidates, sorted by the strategy (cheap to move, unlike the candidates).
        var order = planned.indices.filter { planned[$0].eligible }
        switch profile.strategy {
        case .preferred:
            break
        case .cheapest:
            order.sort { Self.orderedBefore(planned[$0].costUSD, planned[$0].hours, $0, planned[$1].costUSD, planned[$1].hours, $1) }
        case .fastest:
            order.sort { Self.orderedBefore(planned[$0].hours, planned[$0].costUSD, $0, planned[$1].hours, planned[$1].costUSD, $1) }
        case .queue:
            order = order.filter { planned[$0].target.provider == .platform } + order.filter { planned[$0].target.provider != .platform }
        }
        guard let best = order.first.flatMap({ planned[$0].estimate }) else { return }
        var nextRank = 1
        for position in order {
            guard let estimate = planned[position].estimate else { continue }
            if profile.strategy == .queue, planned[position].target.provider != .platform {
                guard let wait = profile.limits.maxQueueWaitSeconds else {
                    planned[position].verdict = .rejected(.queueOnly)
                    continue
                }
                planned[position].verdict = .spillOver(waitSeconds: wait)
            } else {
                planned[position].verdict = .ranked(
                    strategy: profile.strategy, rank: nextRank, priority: job.priority, costUSD: estimate.totalUSD,
                    hours: estimate.hours, bestCostUSD: best.totalUSD, bestHours: best.hours)
            }
            planned[position].rank = nextRank
            nextRank += 1
        }
    }

    /// Orders by a primary key, then a secondary key, then profile position.
    private static func orderedBefore(_ primary1: Double, _ secondary1: Double, _ index1: Int,
                                      _ primary2: Double, _ secondary2: Double, _ index2: Int) -> Bool {
        if primary1 != primary2 { return primary1 < primary2 }
        if secondary1 != secondary2 { return secondary1 < secondary2 }
        return index1 < index2
    }
}

private extension PlannedCandidate {
    var costUSD: Double { estimate?.totalUSD ?? .infinity }
    var hours: Double { estimate?.hours ?? .infinity }
}
