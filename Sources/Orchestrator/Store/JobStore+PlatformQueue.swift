import Adapters
import Foundation
import SQLKit

/// The platform queue inside the job store: leases with heartbeats, progress, retries with backoff.
extension JobStore: PlatformQueue {
    /// Workers not seen for this long are not counted as capacity.
    static let workerLiveness = 120.0

    public func enqueue(_ spec: ProviderJobSpec) async throws {
        let largest = try await largestLiveWorker()
        var reason: String?
        if let largest, spec.resources.gpus > largest.gpus {
            let model = largest.gpuModel.map { "×\($0)" } ?? ""
            reason = "no worker has \(spec.resources.gpus) GPU(s); the largest has \(largest.gpus)\(model)"
        } else if largest == nil {
            reason = "no platform worker is running"
        }
        try await database.raw("""
            UPDATE jobs SET gpus = \(bind: spec.resources.gpus), wait_reason = \(bind: reason) WHERE id = \(bind: spec.jobID)
            """).run()
    }

    public func queueStatus(jobID: String) async throws -> ProviderJobStatus {
        let rows = try await database.raw("SELECT * FROM jobs WHERE id = \(bind: jobID)").all()
        guard let job = try rows.first.map(Self.decodeJob) else {
            throw AdapterError(.invalid, provider: .platform, code: "NotFound", message: "no platform job \(jobID)")
        }
        let state: ProviderJobStatus.State = switch job.state {
        case .queued, .submitting: .queued
        case .running: .running
        case .completed: .completed
        case .failed: .failed
        case .cancelled: .cancelled
        }
        return ProviderJobStatus(
            state: state, providerState: job.leaseOwner.map { "leased by \($0)" } ?? job.state.rawValue,
            progress: job.progress, metrics: job.metrics, message: job.waitReason ?? job.reason)
    }

    public func cancelQueued(jobID: String) async throws {
        let rows = try await database.raw("SELECT org_id FROM jobs WHERE id = \(bind: jobID)").all()
        guard let organization = try rows.first?.decode(column: "org_id", as: String.self) else {
            throw AdapterError(.invalid, provider: .platform, code: "NotFound", message: "no platform job \(jobID)")
        }
        _ = try await requestCancel(jobID: jobID, organization: organization)
    }

    // MARK: Cancellation

    /// Cancels a queued job at once; for a running platform job, asks its worker to stop it.
    ///
    /// - Returns: the job after the request. A finished job is returned unchanged.
    public func requestCancel(jobID: String, organization: String) async throws -> JobRecord {
        guard let job = try await job(id: jobID, organization: organization) else { throw StoreError.notFound(jobID: jobID) }
        switch job.state {
        case .queued, .submitting:
            do {
                return try await transition(jobID: jobID, organization: organization, from: job.state, to: .cancelled,
                                            changes: JobChanges(reason: "cancelled by user"))
            } catch StoreError.conflict {
                return try await requestCancel(jobID: jobID, organization: organization)
            }
        case .running:
            try await database.raw("""
                UPDATE jobs SET cancel_requested = 1, updated_at = \(bind: time.now().timeIntervalSince1970)
                WHERE id = \(bind: jobID) AND state = \(bind: JobState.running.rawValue)
                """).run()
            try await appendEvent(jobID: jobID, kind: "cancel", message: "cancellation requested")
            return try await self.job(id: jobID, organization: organization) ?? job
        case .completed, .failed, .cancelled:
            return job
        }
    }

    // MARK: Workers

    /// Records a worker and its capacity (again, on restart).
    public func registerWorker(_ worker: WorkerInfo) async throws {
        let now = time.now().timeIntervalSince1970
        try await database.raw("""
            INSERT INTO workers (id, host, slots, gpus, gpu_model, gpu_memory_gib, started_at, last_seen)
            VALUES (\(bind: worker.id), \(bind: worker.host), \(bind: worker.slots), \(bind: worker.gpus),
                    \(bind: worker.gpuModel), \(bind: worker.gpuMemoryGiB), \(bind: now), \(bind: now))
            ON CONFLICT (id) DO UPDATE SET slots = excluded.slots, gpus = excluded.gpus, gpu_model = excluded.gpu_model,
                gpu_memory_gib = excluded.gpu_memory_gib, last_seen = excluded.last_seen
            """).run()
    }

    private func largestLiveWorker() async throws -> WorkerInfo? {
        let since = time.now().timeIntervalSince1970 - Self.workerLiveness
        let rows = try await database.raw("""
            SELECT * FROM workers WHERE last_seen >= \(bind: since) ORDER BY gpus DESC, id LIMIT 1
            """).all()
        return try rows.first.map { row in
            WorkerInfo(
                id: try row.decode(column: "id", as: String.self), host: try row.decode(column: "host", as: String.self),
                slots: try row.decode(column: "slots", as: Int.self), gpus: try row.decode(column: "gpus", as: Int.self),
                gpuModel: try row.decode(column: "gpu_model", as: String?.self),
                gpuMemoryGiB: try row.decode(column: "gpu_memory_gib", as: Double?.self))
        }
    }

    // MARK: Leases

    /// Leases the next queued platform job this worker can run (priority, then FIFO), marking it running.
    public func leaseNextJob(worker: WorkerInfo, leaseSeconds: Double) async throws -> JobRecord? {
        try JobLifecycle.validate(from: .queued, to: .running)
        let now = time.now().timeIntervalSince1970
        try await database.raw("UPDATE workers SET last_seen = \(bind: now) WHERE id = \(bind: worker.id)").run()
        let leased = try await database.raw("""
            UPDATE jobs SET state = \(bind: JobState.running.rawValue), lease_owner = \(bind: worker.id),
                lease_expires_at = \(bind: now + leaseSeconds), started_at = COALESCE(started_at, \(bind: now)),
                run_attempts = run_attempts + 1, wait_reason = NULL, updated_at = \(bind: now)
            WHERE id = (
                SELECT id FROM jobs
                WHERE state = \(bind: JobState.queued.rawValue) AND provider = \(bind: ProviderKind.platform.rawValue)
                  AND gpus <= \(bind: worker.gpus) AND available_at <= \(bind: now) AND cancel_requested = 0
                ORDER BY priority, queued_at, id LIMIT 1\(unsafeRaw: dialect.skipLockedRows))
              AND state = \(bind: JobState.queued.rawValue)
            RETURNING *
            """).all()
        guard let job = try leased.first.map(Self.decodeJob) else { return nil }
        try await appendEvent(jobID: job.id, kind: "state", message: "queued → running: leased by \(worker.id) (run \(job.runAttempts) of \(job.maxAttempts))")
        return job
    }

    /// Whether a worker with `gpus` GPUs may still get work: platform jobs it fits that are queued (also
    /// backing off), or running anywhere (their leases may expire and put them back).
    public func hasPendingPlatformWork(gpus: Int) async throws -> Bool {
        let rows = try await database.raw("""
            SELECT COUNT(*) AS n FROM jobs
            WHERE provider = \(bind: ProviderKind.platform.rawValue) AND gpus <= \(bind: gpus)
              AND state IN (\(binds: [JobState.queued.rawValue, JobState.running.rawValue]))
            """).all()
        return try (rows.first?.decode(column: "n", as: Int.self) ?? 0) > 0
    }

    /// Extends a lease; tells the worker whether it still holds the job and whether to cancel the run.
    public func heartbeat(jobID: String, worker: String, leaseSeconds: Double) async throws -> LeaseState {
        let now = time.now().timeIntervalSince1970
        let rows = try await database.raw("""
            UPDATE jobs SET lease_expires_at = \(bind: now + leaseSeconds)
            WHERE id = \(bind: jobID) AND lease_owner = \(bind: worker) AND state = \(bind: JobState.running.rawValue)
            RETURNING cancel_requested
            """).all()
        guard let row = rows.first else { return .lost }
        return .held(cancelRequested: try row.decode(column: "cancel_requested", as: Int.self) != 0)
    }

    /// Records a run's progress, if the worker still holds the job.
    public func recordProgress(jobID: String, worker: String, epoch: Int, progress: Double, metrics: [String: Double]) async throws {
        let metricsJSON = String(decoding: try JSONEncoder().encode(metrics), as: UTF8.self)
        try await database.raw("""
            UPDATE jobs SET epoch = \(bind: epoch), progress = \(bind: progress), metrics = \(bind: metricsJSON),
                updated_at = \(bind: time.now().timeIntervalSince1970)
            WHERE id = \(bind: jobID) AND lease_owner = \(bind: worker) AND state = \(bind: JobState.running.rawValue)
            """).run()
    }

    /// Ends a run the worker holds. A retryable failure with attempts left goes back to the queue after
    /// `retryDelay` seconds.
    ///
    /// - Returns: the job, or `nil` if the worker no longer held it.
    @discardableResult
    public func finishRun(jobID: String, worker: String, outcome: RunOutcome, retryDelay: Double) async throws -> JobRecord? {
        let now = time.now().timeIntervalSince1970
        let rows = try await database.raw("""
            SELECT * FROM jobs WHERE id = \(bind: jobID) AND lease_owner = \(bind: worker) AND state = \(bind: JobState.running.rawValue)
            """).all()
        guard let job = try rows.first.map(Self.decodeJob) else { return nil }
        var target: JobState
        var reason: String?
        var metrics = job.metrics
        var availableAt = 0.0
        switch outcome {
        case .completed(let final):
            target = .completed
            metrics.merge(final) { $1 }
        case .cancelled:
            target = .cancelled
            reason = "cancelled by user"
        case .failed(let why, let retryable):
            reason = why
            if retryable, job.runAttempts < job.maxAttempts, !job.cancelRequested {
                target = .queued
                availableAt = now + retryDelay
            } else {
                target = .failed
            }
        }
        try JobLifecycle.validate(from: .running, to: target)
        let metricsJSON = String(decoding: try JSONEncoder().encode(metrics), as: UTF8.self)
        let finished: Double? = target.isTerminal ? now : nil
        let updated = try await database.raw("""
            UPDATE jobs SET state = \(bind: target.rawValue), lease_owner = NULL, lease_expires_at = NULL,
                metrics = \(bind: metricsJSON), reason = COALESCE(\(bind: reason), reason), finished_at = \(bind: finished),
                available_at = \(bind: availableAt), updated_at = \(bind: now),
                progress = CASE WHEN \(bind: target == .completed) THEN 1.0 ELSE progress END,
                wait_reason = \(bind: target == .queued ? "retrying in \(Int(retryDelay.rounded())) s after: \(reason ?? "")" : nil)
            WHERE id = \(bind: jobID) AND lease_owner = \(bind: worker) AND state = \(bind: JobState.running.rawValue)
            RETURNING *
            """).all()
        guard let record = try updated.first.map(Self.decodeJob) else { return nil }
        let detail = reason.map { ": \($0)" } ?? ""
        try await appendEvent(jobID: jobID, kind: "state", message: "running → \(target.rawValue)\(detail)")
        return record
    }

    /// Returns platform jobs whose lease expired (their worker died) to the queue, keeping their place;
    /// such a job whose cancellation was pending is cancelled instead.
    ///
    /// - Returns: the ids of the jobs put back.
    @discardableResult
    public func requeueExpiredLeases() async throws -> [String] {
        let now = time.now().timeIntervalSince1970
        let cancelled = try await database.raw("""
            UPDATE jobs SET state = \(bind: JobState.cancelled.rawValue), lease_owner = NULL, lease_expires_at = NULL,
                reason = 'cancelled by user', finished_at = \(bind: now), updated_at = \(bind: now)
            WHERE state = \(bind: JobState.running.rawValue) AND provider = \(bind: ProviderKind.platform.rawValue)
              AND lease_expires_at < \(bind: now) AND cancel_requested = 1
            RETURNING id
            """).all()
        for row in cancelled {
            try await appendEvent(jobID: try row.decode(column: "id", as: String.self), kind: "state",
                                  message: "running → cancelled: the worker's lease expired with a cancellation pending")
        }
        let rows = try await database.raw("""
            UPDATE jobs SET state = \(bind: JobState.queued.rawValue), lease_owner = NULL, lease_expires_at = NULL,
                updated_at = \(bind: now)
            WHERE state = \(bind: JobState.running.rawValue) AND provider = \(bind: ProviderKind.platform.rawValue)
              AND lease_expires_at < \(bind: now)
            RETURNING id
            """).all()
        let ids = try rows.map { try $0.decode(column: "id", as: String.self) }
        for id in ids {
            try await appendEvent(jobID: id, kind: "state", message: "running → queued: the worker's lease expired")
        }
        return ids
    }
}
