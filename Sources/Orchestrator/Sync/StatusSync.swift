import Adapters
import Credentials
import Foundation
import Logging

/// One pass over every active job: finish interrupted submissions, spill platform jobs that waited too long, poll
/// every cloud job at its provider and apply what it says, enforce time limits and budgets, and clean up stale jobs.
///
/// It keeps, between cycles, which providers are backing off after errors and when it last cleaned up; the loop
/// that calls ``cycle()`` every interval (with jitter) lives in the server.
public actor StatusSync {
    /// How the sync behaves.
    public struct Configuration: Sendable {
        /// Seconds between cycles (also the horizon of "about to exceed" for budgets).
        public var interval: Double = 30
        /// Polls in a row that find no such job before it is failed as `lost`.
        public var missesBeforeLost = 3
        /// How long a submission may sit in `submitting` (or `queued` without a provider) before it counts as
        /// interrupted by a crash and is finished.
        public var submissionGraceSeconds: Double = 120
        /// Platform jobs queued longer than this are failed as `stale`, once a day.
        public var staleQueuedSeconds: Double = 7 * 86_400
        public var cleanupEverySeconds: Double = 86_400
        public var maxConcurrentPerProvider = StatusPoller.defaultConcurrencyPerProvider
        public var requestsPerSecondPerProvider: Double? = nil
        /// The longest a provider that keeps failing is skipped.
        public var maxBackoffSeconds: Double = 600

        public init() {}
    }

    let store: JobStore
    let router: Router
    let catalog: PriceCatalog
    let configuration: Configuration
    let logger: Logger
    private var backoff: [ProviderKind: (failures: Int, until: Date)] = [:]
    private var lastCleanup: Date?

    public init(store: JobStore, router: Router, catalog: PriceCatalog, configuration: Configuration = Configuration(),
                logger: Logger = Logger(label: "trainyard.sync")) {
        self.store = store
        self.router = router
        self.catalog = catalog
        self.configuration = configuration
        self.logger = logger
    }

    private var now: Date { router.time.now() }

    /// Runs one cycle.
    @discardableResult
    public func cycle() async throws -> SyncReport {
        var report = SyncReport()
        let jobs = try await store.activeJobs()
        var watched: [Watched] = []
        // Jobs share few profiles: each text is parsed once per cycle. Only jobs the cycle acts on are planned.
        var profiles: [String: ComputeProfile] = [:]
        let planner = RoutePlanner(estimator: CostEstimator(catalog: catalog))
        for job in jobs {
            guard let source = job.profileSource else { continue }
            if profiles[source] == nil { profiles[source] = try? job.submittedProfile(catalog: catalog) }
            guard let profile = profiles[source] else { continue }
            if isInterrupted(job) {
                let plan = planner.plan(job.spec, profile: profile)
                await attempt(job, &report) { try await router.resume(job, plan: plan, fallback: profile.fallback) }
            } else if job.state == .queued, job.provider == .platform, let limit = profile.limits.maxQueueWaitSeconds,
                      case let waited = now.timeIntervalSince(job.queuedAt), waited >= limit {
                let plan = planner.plan(job.spec, profile: profile)
                if !plan.spillOverCandidates.isEmpty {
                    await attempt(job, &report) { try await router.spillOver(job, plan: plan, fallback: profile.fallback, waitedSeconds: waited) }
                }
            } else if job.state == .running, job.provider != .platform, job.providerJobID != nil,
                      let index = job.candidateIndex, profile.candidates.indices.contains(index) {
                watched.append(Watched(job: job, profile: profile, plan: planner.plan(job.spec, profile: profile),
                                       target: profile.candidates[index].target))
            }
        }
        try await poll(watched, &report)
        try await cleanUpIfDue(jobs, &report)
        return report
    }

    // MARK: Submissions and the platform queue

    private func isInterrupted(_ job: JobRecord) -> Bool {
        let interrupted = job.state == .submitting || (job.state == .queued && job.provider == nil)
        return interrupted && now.timeIntervalSince(job.updatedAt) >= configuration.submissionGraceSeconds
    }

    /// Runs a state change; a job someone else moved meanwhile (a worker leased it, a user cancelled it) is left alone.
    private func attempt(_ job: JobRecord, _ report: inout SyncReport, _ change: () async throws -> JobRecord) async {
        do {
            let changed = try await change()
            if changed.state != job.state { report.transitions += 1 }
        } catch let error as StoreError {
            if case .conflict = error { return }
            report.errors.append("\(job.id): \(error)")
        } catch {
            report.errors.append("\(job.id): \(error)")
        }
    }

    // MARK: Polling

    private struct Watched: Sendable {
        var job: JobRecord
        var profile: ComputeProfile
        var plan: RoutingPlan
        /// The candidate it runs on.
        var target: ComputeTarget
        var pricePerHourUSD: Double? { job.candidateIndex.flatMap { index in plan.candidates.first { $0.index == index } }?.estimate?.pricePerHourUSD }
    }

    private func poll(_ watched: [Watched], _ report: inout SyncReport) async throws {
        let start = now
        let due = watched.filter { entry in
            guard let until = backoff[entry.job.provider ?? .platform]?.until else { return true }
            return until <= start
        }
        report.skipped = watched.count - due.count
        var credentials: [String: CloudCredential?] = [:]
        var items: [StatusPoller.Item] = []
        for entry in due {
            guard let providerJobID = entry.job.providerJobID else { continue }
            let target = entry.target
            var credential: CloudCredential?
            if let name = target.credentials {
                let key = "\(entry.job.organization)/\(name)"
                if credentials[key] == nil {
                    credentials[key] = try? await router.credential(for: target, organization: entry.job.organization)
                }
                credential = credentials[key] ?? nil
            }
            items.append(StatusPoller.Item(key: entry.job.id, providerJobID: providerJobID, target: target, credentials: credential))
        }
        let poller = StatusPoller(adapters: Array(router.adapters.values), maxConcurrentPerProvider: configuration.maxConcurrentPerProvider,
                                  requestsPerSecondPerProvider: configuration.requestsPerSecondPerProvider)
        let results = await poller.poll(items)
        report.polled = results.count

        var outcomes: [ProviderKind: (answered: Int, failed: Int)] = [:]
        var spend: [String: Double] = [:]
        for entry in due {
            guard let result = results[entry.job.id], let provider = entry.job.provider else { continue }
            switch result {
            case .success(let status):
                outcomes[provider, default: (0, 0)].answered += 1
                await apply(status, to: entry, spend: &spend, &report)
            case .failure(let error) where error.meansJobUnknown:
                outcomes[provider, default: (0, 0)].answered += 1
                await attempt(entry.job, &report) {
                    let misses = try await store.recordSyncMiss(jobID: entry.job.id)
                    guard misses >= configuration.missesBeforeLost else { return entry.job }
                    return try await store.transition(
                        jobID: entry.job.id, organization: entry.job.organization, from: .running, to: .failed,
                        changes: JobChanges(reason: "lost: \(provider.rawValue) has not known \(entry.job.providerJobID?.rawValue ?? entry.job.id) for \(misses) polls in a row"))
                }
            case .failure(let error):
                outcomes[provider, default: (0, 0)].failed += 1
                report.errors.append("\(entry.job.id): \(error)")
            }
        }
        updateBackoff(outcomes)
        let end = now
        report.maxLagSeconds = watched.map { entry in
            results[entry.job.id].map { (try? $0.get()) != nil } == true ? end.timeIntervalSince(start) : end.timeIntervalSince(entry.job.lastSyncedAt ?? entry.job.updatedAt)
        }.max() ?? 0
    }

    private func apply(_ status: ProviderJobStatus, to entry: Watched, spend: inout [String: Double], _ report: inout SyncReport) async {
        let job = entry.job
        let began = status.startedAt ?? job.startedAt
        let elapsed = began.map { (status.endedAt ?? now).timeIntervalSince($0) }
        var cost: Double?
        if let elapsed, let price = entry.pricePerHourUSD { cost = max(0, elapsed) / 3600 * price }
        await attempt(job, &report) {
            try await store.recordSync(jobID: job.id, status: status, costSoFarUSD: cost)
            let org = job.organization
            switch status.state {
            case .completed:
                return try await store.transition(jobID: job.id, organization: org, from: .running, to: .completed)
            case .cancelled:
                return try await store.transition(jobID: job.id, organization: org, from: .running, to: .cancelled,
                                                  changes: JobChanges(reason: "cancelled at \(job.provider?.rawValue ?? "the provider")"))
            case .failed where (status.failureClass ?? .invalid) == .capacity:
                return try await router.resubmitAfterLoss(job, plan: entry.plan, fallback: entry.profile.fallback, status: status)
            case .failed:
                return try await store.transition(jobID: job.id, organization: org, from: .running, to: .failed,
                                                  changes: JobChanges(reason: "\(job.provider?.rawValue ?? "provider"): \(status.message ?? status.providerState)"))
            case .queued, .running:
                if let limit = entry.target.maxRuntimeHours, let elapsed, elapsed > limit * 3600 {
                    return try await stop(job, at: entry, reason: "timeout",
                                          detail: "ran \(DurationText.format(elapsed.rounded())), past the limit of \(limit) h")
                }
                if let cost, let price = entry.pricePerHourUSD {
                    let next = cost + price * configuration.interval / 3600
                    if let limit = [job.spec.maxCostUSD, entry.profile.limits.maxCostPerJobUSD].compactMap({ $0 }).min(), next >= limit {
                        return try await stop(job, at: entry, reason: "budget", detail: String(
                            format: "cost so far %.2f USD at %.4f USD/h; by the next sync it would pass the job's limit of %.2f USD", cost, price, limit))
                    }
                    if let budget = entry.profile.limits.monthlyBudgetUSD {
                        var spent = spend[org] ?? 0
                        if spend[org] == nil { spent = try await store.monthSpend(organization: org) }
                        spend[org] = spent
                        if spent + price * configuration.interval / 3600 >= budget {
                            return try await stop(job, at: entry, reason: "budget", detail: String(
                                format: "the organization has spent %.2f USD this month; by the next sync it would pass its monthly budget of %.2f USD", spent, budget))
                        }
                    }
                }
                return job
            }
        }
    }

    /// Cancels a run at its provider and fails the job with `reason`, recording the numbers as an event.
    private func stop(_ job: JobRecord, at entry: Watched, reason: String, detail: String) async throws -> JobRecord {
        if let id = job.providerJobID, let adapter = router.adapters[entry.target.provider] {
            try await adapter.cancel(id, at: entry.target, credentials: try await router.credential(for: entry.target, organization: job.organization))
        }
        try await store.appendEvent(jobID: job.id, kind: reason, message: detail)
        return try await store.transition(jobID: job.id, organization: job.organization, from: .running, to: .failed,
                                          changes: JobChanges(reason: "\(reason): \(detail)"))
    }

    /// A provider whose every answer this cycle was an error is skipped for an interval that doubles each time
    /// (the router's capped backoff with jitter, from one sync interval up to ``Configuration/maxBackoffSeconds``);
    /// one good answer resets it.
    private func updateBackoff(_ outcomes: [ProviderKind: (answered: Int, failed: Int)]) {
        for (provider, outcome) in outcomes {
            guard outcome.answered == 0, outcome.failed > 0 else {
                backoff[provider] = nil
                continue
            }
            let failures = (backoff[provider]?.failures ?? 0) + 1
            let delay = RetryPolicy(baseDelay: configuration.interval, maxDelay: configuration.maxBackoffSeconds)
                .delay(beforeRetry: failures, unit: router.random())
            backoff[provider] = (failures, now.addingTimeInterval(delay))
            logger.warning("provider keeps failing; backing off", metadata: ["provider": "\(provider.rawValue)", "seconds": "\(Int(delay))"])
        }
    }

    // MARK: Cleanup

    private func cleanUpIfDue(_ jobs: [JobRecord], _ report: inout SyncReport) async throws {
        if let lastCleanup, now.timeIntervalSince(lastCleanup) < configuration.cleanupEverySeconds { return }
        lastCleanup = now
        for job in jobs where job.state == .queued && job.provider == .platform
            && now.timeIntervalSince(job.queuedAt) >= configuration.staleQueuedSeconds {
            await attempt(job, &report) {
                try await store.transition(jobID: job.id, organization: job.organization, from: .queued, to: .failed, changes: JobChanges(
                    reason: "stale: queued for \(DurationText.format(now.timeIntervalSince(job.queuedAt).rounded())) without a worker taking it"))
            }
        }
    }
}

/// What one sync cycle did.
public struct SyncReport: Sendable, Hashable {
    /// Status calls made.
    public var polled = 0
    /// Jobs whose state changed.
    public var transitions = 0
    /// Jobs not polled because their provider is backing off.
    public var skipped = 0
    /// The longest any watched job has gone without a successful poll, after this cycle.
    public var maxLagSeconds: Double = 0
    public var errors: [String] = []

    public init() {}
}

extension ComputeTarget {
    /// The candidate's `max_runtime_hours`.
    public var maxRuntimeHours: Double? {
        switch settings {
        case .sagemaker(let settings): settings.maxRuntimeHours
        case .vertex(let settings): settings.maxRuntimeHours
        case .azureml(let settings): settings.maxRuntimeHours
        case .kubernetes(let settings): settings.maxRuntimeHours
        case .platform, nil: nil
        }
    }
}
