import Adapters
import Credentials
import Foundation
import Logging

/// Hands a job to its ranked candidates in turn until one provider accepts it.
///
/// Errors whose class the profile's `fallback.on` lists move on to the next candidate; `retryable` errors are
/// retried on the same candidate with backoff and count as `unavailable` once retries run out; `invalid` and
/// unlisted classes fail the job. Every provider call is recorded as an attempt.
public struct Router: Sendable {
    /// Adapters by provider.
    public var adapters: [ProviderKind: any ComputeAdapter]
    /// Where jobs, attempts and events live.
    public var store: JobStore
    /// Opens the credentials candidates name; `nil` when only credential-free providers are routed to.
    public var credentials: (any CredentialSource)?
    /// Backoff for retryable errors.
    public var retry: RetryPolicy
    /// The clock attempts are timed with.
    public var time: any TimeSource
    /// Waits between retries; tests replace it to run without sleeping.
    public var sleep: @Sendable (Double) async throws -> Void
    /// Random numbers in `0..<1` for jitter.
    public var random: @Sendable () -> Double
    /// The storage location (`s3://bucket/prefix`, …) under which every job keeps its checkpoints, at
    /// `<root>/<organization>/jobs/<job id>/checkpoints/`, the same for all its attempts so that a job resubmitted
    /// elsewhere resumes; `nil` leaves checkpoints under each provider's own output location.
    public var checkpointRoot: String?
    public var logger: Logger

    /// Creates a router.
    public init(
        adapters: [any ComputeAdapter], store: JobStore, credentials: (any CredentialSource)? = nil,
        retry: RetryPolicy = RetryPolicy(), time: any TimeSource = SystemTime(),
        sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .seconds($0)) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        checkpointRoot: String? = nil,
        logger: Logger = Logger(label: "trainyard.router")
    ) {
        self.adapters = Dictionary(adapters.map { ($0.provider, $0) }, uniquingKeysWith: { _, last in last })
        self.store = store
        self.credentials = credentials
        self.retry = retry
        self.time = time
        self.sleep = sleep
        self.random = random
        self.checkpointRoot = checkpointRoot
        self.logger = logger
    }

    /// The credential a target names, opened for the organization; a missing or unreadable one is a
    /// `credentials` ``AdapterError`` of that target, so the router falls back like for a provider's refusal.
    public func credential(for target: ComputeTarget, organization: String) async throws -> CloudCredential? {
        let provider = target.provider
        guard let name = target.credentials else { return nil }
        guard let credentials else {
            throw AdapterError(.credentials, provider: provider, code: "NoCredentialSource", message: "no credential vault is configured to open '\(name)'")
        }
        do {
            return try await credentials.credential(organization: organization, name: name)
        } catch {
            throw AdapterError(.credentials, provider: provider, code: "CredentialUnavailable", message: "credential '\(name)': \(error)")
        }
    }

    /// Routes a `queued` job to the plan's initial candidates.
    public func route(_ job: JobRecord, plan: RoutingPlan, fallback: FallbackPolicy) async throws -> JobRecord {
        try await place(job, from: .queued, candidates: plan.initialCandidates, fallback: fallback)
    }

    /// Finishes a submission a crash interrupted: a job left `submitting`, or `queued` and never placed, is placed
    /// on the plan's initial candidates again. The next attempt number is the interrupted call's (attempts are
    /// recorded after the provider answers), so the provider sees the same idempotency handle and a run it
    /// already accepted is adopted rather than started twice.
    public func resume(_ job: JobRecord, plan: RoutingPlan, fallback: FallbackPolicy) async throws -> JobRecord {
        try await place(job, from: job.state, candidates: plan.initialCandidates, fallback: fallback)
    }

    /// Moves a job that waited in the platform queue past `max_queue_wait` to the plan's other candidates,
    /// recording the wait as a `queue-timeout` attempt.
    public func spillOver(_ job: JobRecord, plan: RoutingPlan, fallback: FallbackPolicy, waitedSeconds: Double) async throws -> JobRecord {
        let platform = job.candidateIndex.flatMap { index in plan.candidates.first { $0.index == index } }
        let number = try await store.attempts(jobID: job.id).count + 1
        if let platform {
            try await store.recordAttempt(Attempt(
                jobID: job.id, number: number, candidateIndex: platform.index, target: platform.target,
                outcome: .queueTimeout, message: "waited \(DurationText.format(waitedSeconds.rounded())) in the platform queue",
                startedAt: job.queuedAt, endedAt: time.now()))
        }
        return try await place(job, from: .queued, candidates: plan.spillOverCandidates, fallback: fallback)
    }

    /// Moves a running job whose provider lost it to capacity (spot interruption, preemption, eviction, a queue
    /// that never got machines) to the candidates ranked after the one it ran on.
    ///
    /// The lost run is cancelled at its provider first (a no-op when it already ended there) and recorded as a
    /// failed `capacity` attempt; the next attempt gets the same checkpoint prefix, so the trainer resumes.
    public func resubmitAfterLoss(_ job: JobRecord, plan: RoutingPlan, fallback: FallbackPolicy, status: ProviderJobStatus) async throws -> JobRecord {
        let current = job.candidateIndex.flatMap { index in plan.candidates.first { $0.index == index } }
        if let current, let providerJobID = job.providerJobID, let adapter = adapters[current.target.provider] {
            do {
                let credential = try await credential(for: current.target, organization: job.organization)
                try await adapter.cancel(providerJobID, at: current.target, credentials: credential)
            } catch {
                logger.warning("could not cancel a lost run", metadata: ["job": "\(job.id)", "error": "\(error)"])
            }
        }
        let attempts = try await store.attempts(jobID: job.id)
        let number = attempts.count + 1
        if let current {
            let began = attempts.last { $0.outcome == .submitted && $0.candidateIndex == current.index }?.endedAt ?? job.queuedAt
            try await store.recordAttempt(Attempt(
                jobID: job.id, number: number, candidateIndex: current.index, target: current.target, outcome: .failed,
                errorClass: status.failureClass ?? .capacity, errorCode: status.secondaryState ?? status.providerState,
                message: "lost while \(job.state.rawValue): \(status.message ?? status.providerState)", providerJobID: job.providerJobID,
                startedAt: began, endedAt: time.now()))
        }
        let ranked = plan.strategy == .queue ? plan.spillOverCandidates : plan.ranked
        let remaining = ranked.drop { $0.index != job.candidateIndex }.dropFirst()
        return try await place(job, from: job.state, candidates: Array(remaining), fallback: fallback)
    }

    // MARK: Placement

    private func place(_ job: JobRecord, from state: JobState, candidates: [PlannedCandidate], fallback: FallbackPolicy) async throws -> JobRecord {
        let org = job.organization
        if state != .submitting {
            try await store.transition(jobID: job.id, organization: org, from: state, to: .submitting)
        }
        var attemptNumber = try await store.attempts(jobID: job.id).count
        var callsMade = 0
        var failures: [String] = []

        candidates: for planned in candidates {
            var retries = 0
            // Retries of one candidate reuse the first call's number, so the provider sees the same idempotency handle.
            let submission = attemptNumber + 1
            while true {
                guard callsMade < fallback.maxAttempts else {
                    failures.append("stopped after fallback.max_attempts \(fallback.maxAttempts)")
                    break candidates
                }
                callsMade += 1
                attemptNumber += 1
                let started = time.now()
                let spec = providerSpec(job, planned: planned, attempt: submission)
                do {
                    guard let adapter = adapters[planned.target.provider] else {
                        throw AdapterError(.unavailable, provider: planned.target.provider, message: "no adapter is configured for \(planned.target.provider.rawValue)")
                    }
                    let credential = try await credential(for: planned.target, organization: job.organization)
                    let providerJobID = try await adapter.submit(spec, credentials: credential)
                    try await store.recordAttempt(Attempt(
                        jobID: job.id, number: attemptNumber, candidateIndex: planned.index, target: planned.target,
                        outcome: .submitted, message: "accepted as \(providerJobID)", providerJobID: providerJobID,
                        startedAt: started, endedAt: time.now()))
                    let next: JobState = planned.target.provider == .platform ? .queued : .running
                    return try await store.transition(
                        jobID: job.id, organization: org, from: .submitting, to: next,
                        changes: JobChanges(provider: planned.target.provider, providerJobID: providerJobID,
                                            candidateIndex: planned.index, estimatedCostUSD: planned.estimate?.totalUSD))
                } catch {
                    let failure = Self.classify(error, provider: planned.target.provider)
                    try await store.recordAttempt(Attempt(
                        jobID: job.id, number: attemptNumber, candidateIndex: planned.index, target: planned.target,
                        outcome: .failed, errorClass: failure.errorClass, errorCode: failure.code, message: failure.message,
                        startedAt: started, endedAt: time.now()))
                    logger.info("provider call failed", metadata: [
                        "job": "\(job.id)", "provider": "\(planned.target.provider.rawValue)", "class": "\(failure.errorClass.rawValue)",
                    ])
                    var effective = failure.errorClass
                    if effective == .retryable {
                        if retries < retry.maxRetries {
                            retries += 1
                            try await sleep(retry.delay(beforeRetry: retries, unit: random()))
                            continue
                        }
                        effective = .unavailable
                    }
                    failures.append("\(planned.target.provider.rawValue) \(effective.rawValue): \(failure.message)")
                    guard effective != .invalid, fallback.on.contains(effective) else {
                        return try await fail(job, reason: "\(planned.target.provider.rawValue) refused the job (\(effective.rawValue)): \(failure.message)")
                    }
                    continue candidates
                }
            }
        }
        let summary = candidates.isEmpty ? "no eligible candidate" : failures.joined(separator: "; ")
        return try await fail(job, reason: "no candidate accepted the job: \(summary)")
    }

    private func fail(_ job: JobRecord, reason: String) async throws -> JobRecord {
        try await store.transition(jobID: job.id, organization: job.organization, from: .submitting, to: .failed, changes: JobChanges(reason: reason))
    }

    private func providerSpec(_ job: JobRecord, planned: PlannedCandidate, attempt: Int) -> ProviderJobSpec {
        ProviderJobSpec(
            jobID: job.id, organization: job.organization, name: job.spec.name, workload: job.spec.workload,
            dataset: job.spec.dataset, config: job.spec.config, resources: job.spec.resources,
            target: planned.target, attempt: attempt,
            checkpointURI: checkpointRoot.map { root in
                "\(root.hasSuffix("/") ? String(root.dropLast()) : root)/\(job.organization)/jobs/\(job.id)/checkpoints/"
            })
    }

    /// Any error from an adapter call as a classified ``AdapterError``; an unclassified error counts as `unavailable`.
    private static func classify(_ error: any Error, provider: ProviderKind) -> AdapterError {
        if let error = error as? AdapterError { return error }
        return AdapterError(.unavailable, provider: provider, message: "\(error)")
    }
}
