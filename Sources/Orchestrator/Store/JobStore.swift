import Adapters
import Foundation
import Logging
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// Persists jobs, their attempts and their events; the only place job state changes.
///
/// Every state change is a compare-and-set: it names the state the caller saw and is refused when the
/// job has moved on, and the ``JobLifecycle`` refuses illegal transitions before touching the database.
public actor JobStore {
    let database: any SQLDatabase
    /// Which SQL the database speaks where SQLite and PostgreSQL differ (transactions, row locks).
    let dialect: StoreDialect
    /// Runs a body on one connection of the database (a transaction must not hop between pooled connections).
    private let onOneConnection: @Sendable (_ body: @Sendable (any SQLDatabase) async throws -> Void) async throws -> Void
    private let closeConnection: @Sendable () async throws -> Void
    let time: any TimeSource
    /// The PostgreSQL pool, for the sync leadership's own connection; `nil` for SQLite.
    let postgres: PostgresConnections?

    /// Opens (creating if needed) an SQLite database file and migrates it.
    public static func openSQLite(
        path: String, time: any TimeSource = SystemTime(), logger: Logger = Logger(label: "trainyard.store")
    ) async throws -> JobStore {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        let database = connection.sql()
        do {
            try await database.raw("PRAGMA journal_mode = WAL").run()
            try await database.raw("PRAGMA busy_timeout = 5000").run()
            // With WAL, NORMAL stays consistent through crashes of the process; only a power loss can drop the last commits.
            try await database.raw("PRAGMA synchronous = NORMAL").run()
            try await database.raw("PRAGMA foreign_keys = ON").run()
            let store = JobStore(database: database, dialect: .sqlite, time: time, onOneConnection: { try await $0(database) },
                                 postgres: nil) { try await connection.close() }
            try await store.migrate()
            return store
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Connects to PostgreSQL (`postgres://user:password@host:port/database`) with a pool of connections and
    /// migrates it; several processes may share it.
    public static func openPostgres(
        url: String, maxConnections: Int = 8, time: any TimeSource = SystemTime(), logger: Logger = Logger(label: "trainyard.store")
    ) async throws -> JobStore {
        let configuration = try SQLPostgresConfiguration(url: url)
        let pool = PostgresConnections(EventLoopGroupConnectionPool(
            source: PostgresConnectionSource(sqlConfiguration: configuration), maxConnectionsPerEventLoop: maxConnections,
            logger: logger, on: MultiThreadedEventLoopGroup.singleton))
        let database = pool.pool.database(logger: logger).sql()
        let store = JobStore(
            database: database, dialect: .postgres, time: time,
            onOneConnection: { body in
                let connection = try await pool.pool.requestConnection().get()
                do {
                    try await body(connection.sql())
                    pool.pool.releaseConnection(connection)
                } catch {
                    pool.pool.releaseConnection(connection)
                    throw error
                }
            },
            postgres: pool) { try await pool.pool.shutdownAsync() }
        do {
            try await store.migrate()
            return store
        } catch {
            try? await pool.pool.shutdownAsync()
            throw error
        }
    }

    /// Opens the store `TRAINYARD_DATABASE_URL` names (PostgreSQL), else the SQLite file at `sqlitePath`.
    public static func open(databaseURL: String?, sqlitePath: String, time: any TimeSource = SystemTime()) async throws -> JobStore {
        if let databaseURL, !databaseURL.isEmpty { return try await openPostgres(url: databaseURL, time: time) }
        return try await openSQLite(path: sqlitePath, time: time)
    }

    private init(
        database: any SQLDatabase, dialect: StoreDialect, time: any TimeSource,
        onOneConnection: @escaping @Sendable (_ body: @Sendable (any SQLDatabase) async throws -> Void) async throws -> Void,
        postgres: PostgresConnections?, close: @escaping @Sendable () async throws -> Void
    ) {
        self.database = database
        self.dialect = dialect
        self.time = time
        self.onOneConnection = onOneConnection
        self.postgres = postgres
        self.closeConnection = close
    }

    /// Closes the database connection.
    public func close() async throws {
        try await closeConnection()
    }

    /// A new random job id: `job-` and 24 hex digits.
    public static func randomJobID() -> String {
        "job-" + (0..<12).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    // MARK: Schema

    /// Applies the migrations the database has not seen yet, in one transaction that holds the database's write
    /// lock (SQLite) or a migration advisory lock (PostgreSQL), so processes starting together (servers and their
    /// workers) never apply one twice.
    public func migrate() async throws {
        let dialect = dialect
        try await onOneConnection { database in
            try await database.raw(SQLQueryString(dialect.beginExclusive)).run()
            do {
                if dialect == .postgres { try await database.raw("SELECT pg_advisory_xact_lock(\(bind: StoreDialect.migrationLockKey))").run() }
                try await database.raw("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)").run()
                let applied = try await database.raw("SELECT version FROM schema_migrations").all()
                    .map { try $0.decode(column: "version", as: Int.self) }
                for (offset, statements) in StoreSchema.migrations.enumerated() where !applied.contains(offset + 1) {
                    for statement in statements { try await database.raw(SQLQueryString(statement)).run() }
                    try await database.raw("INSERT INTO schema_migrations (version) VALUES (\(bind: offset + 1))").run()
                }
                try await database.raw("COMMIT").run()
            } catch {
                try? await database.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    // MARK: Jobs

    /// Persists a new job as `queued`; with an idempotency key already used by the organization, returns the
    /// first job instead.
    public func createJob(_ new: NewJob) async throws -> (job: JobRecord, created: Bool) {
        let id = Self.randomJobID()
        let now = time.now().timeIntervalSince1970
        let spec = try String(decoding: JSONEncoder().encode(new.spec), as: UTF8.self)
        let inserted = try await database.raw("""
            INSERT INTO jobs (id, org_id, profile, name, spec, state, priority, estimated_cost_usd, idempotency_key,
                              created_at, updated_at, queued_at, gpus, max_attempts, profile_source)
            VALUES (\(bind: id), \(bind: new.organization), \(bind: new.profile), \(bind: new.spec.name), \(bind: spec),
                    \(bind: JobState.queued.rawValue), \(bind: new.spec.priority.rank), \(bind: new.estimatedCostUSD),
                    \(bind: new.spec.idempotencyKey), \(bind: now), \(bind: now), \(bind: now),
                    \(bind: new.spec.resources.gpus), \(bind: max(1, new.maxAttempts)), \(bind: new.profileSource))
            ON CONFLICT (org_id, idempotency_key) DO NOTHING
            RETURNING id
            """).all()
        if inserted.isEmpty, let key = new.spec.idempotencyKey {
            let rows = try await database.raw(
                "SELECT * FROM jobs WHERE org_id = \(bind: new.organization) AND idempotency_key = \(bind: key)").all()
            guard let row = rows.first else { throw StoreError.database("idempotent insert found no job") }
            return (try Self.decodeJob(row), false)
        }
        try await appendEvent(jobID: id, kind: "created", message: "queued under profile \(new.profile)")
        guard let job = try await job(id: id, organization: new.organization) else { throw StoreError.notFound(jobID: id) }
        return (job, true)
    }

    /// A page of the organization's jobs, newest first, narrowed by the query's filters.
    public func jobs(organization: String, query: JobQuery = JobQuery()) async throws -> JobPage {
        var sql: SQLQueryString = "SELECT * FROM jobs WHERE org_id = \(bind: organization)"
        if let state = query.state { sql += " AND state = \(bind: state.rawValue)" }
        if let provider = query.provider { sql += " AND provider = \(bind: provider.rawValue)" }
        if let profile = query.profile { sql += " AND profile = \(bind: profile)" }
        if let after = query.after {
            sql += " AND (created_at < \(bind: after.createdAt) OR (created_at = \(bind: after.createdAt) AND id > \(bind: after.id)))"
        }
        let limit = min(max(query.limit, 1), JobQuery.maxLimit)
        sql += " ORDER BY created_at DESC, id LIMIT \(bind: limit + 1)"
        var jobs = try await database.raw(sql).all().map(Self.decodeJob)
        let more = jobs.count > limit
        if more { jobs.removeLast() }
        return JobPage(jobs: jobs, next: more ? jobs.last.map { JobCursor(createdAt: $0.createdAt.timeIntervalSince1970, id: $0.id) } : nil)
    }

    /// How many jobs there are in each state on each provider, across organizations (for metrics).
    public func jobCounts() async throws -> [JobCount] {
        try await database.raw("SELECT state, provider, COUNT(*) AS n FROM jobs GROUP BY state, provider").all().map { row in
            JobCount(state: try Self.enumValue(row, "state"),
                     provider: try row.decode(column: "provider", as: String?.self).flatMap(ProviderKind.init(rawValue:)),
                     jobs: try row.decode(column: "n", as: Int.self))
        }
    }

    /// Readiness: whether the database answers.
    public func ping() async throws {
        _ = try await database.raw("SELECT 1 AS one").all()
    }

    /// The job, if it exists in the organization.
    public func job(id: String, organization: String) async throws -> JobRecord? {
        let rows = try await database.raw("SELECT * FROM jobs WHERE id = \(bind: id) AND org_id = \(bind: organization)").all()
        return try rows.first.map(Self.decodeJob)
    }

    /// Moves a job from `from` to `to`, applying `changes`, only if it is still in `from`.
    ///
    /// - Throws: ``StoreError/illegalTransition(from:to:)`` for a move the lifecycle forbids;
    ///   ``StoreError/conflict(jobID:expected:actual:)`` when the job is no longer in `from`.
    @discardableResult
    public func transition(
        jobID: String, organization: String, from: JobState, to: JobState, changes: JobChanges = JobChanges()
    ) async throws -> JobRecord {
        try JobLifecycle.validate(from: from, to: to)
        let now = time.now().timeIntervalSince1970
        let requeued = to == .queued
        let updated = try await database.raw("""
            UPDATE jobs SET state = \(bind: to.rawValue), updated_at = \(bind: now),
                provider = COALESCE(\(bind: changes.provider?.rawValue), provider),
                provider_job_id = COALESCE(\(bind: changes.providerJobID?.rawValue), provider_job_id),
                candidate_index = COALESCE(\(bind: changes.candidateIndex), candidate_index),
                estimated_cost_usd = COALESCE(\(bind: changes.estimatedCostUSD), estimated_cost_usd),
                reason = COALESCE(\(bind: changes.reason), reason),
                queued_at = CASE WHEN \(bind: requeued) THEN \(bind: now) ELSE queued_at END
            WHERE id = \(bind: jobID) AND org_id = \(bind: organization) AND state = \(bind: from.rawValue)
            RETURNING id
            """).all()
        guard !updated.isEmpty else {
            guard let current = try await job(id: jobID, organization: organization) else { throw StoreError.notFound(jobID: jobID) }
            throw StoreError.conflict(jobID: jobID, expected: from, actual: current.state)
        }
        let detail = changes.reason.map { ": \($0)" } ?? ""
        try await appendEvent(jobID: jobID, kind: "state", message: "\(from.rawValue) → \(to.rawValue)\(detail)")
        guard let job = try await job(id: jobID, organization: organization) else { throw StoreError.notFound(jobID: jobID) }
        return job
    }

    /// Platform jobs waiting for a worker: urgent before high before normal before low, then oldest first.
    public func queuedPlatformJobs(limit: Int = 100) async throws -> [JobRecord] {
        try await database.raw("""
            SELECT * FROM jobs WHERE state = \(bind: JobState.queued.rawValue) AND provider = \(bind: ProviderKind.platform.rawValue)
            ORDER BY priority, queued_at, id LIMIT \(bind: limit)
            """).all().map(Self.decodeJob)
    }

    /// What the planner needs to know about a profile's running jobs and the organization's spend.
    ///
    /// The month's spend counts the estimates of this calendar month's (UTC) jobs that are active or completed.
    public func planningContext(organization: String, profile: String, registeredCredentials: Set<String>?) async throws -> PlanningContext {
        let active = JobState.active.map(\.rawValue)
        let rows = try await database.raw("""
            SELECT candidate_index, COUNT(*) AS n FROM jobs
            WHERE org_id = \(bind: organization) AND profile = \(bind: profile) AND candidate_index IS NOT NULL
              AND state IN (\(binds: active))
            GROUP BY candidate_index
            """).all()
        var byCandidate: [Int: Int] = [:]
        for row in rows { byCandidate[try row.decode(column: "candidate_index", as: Int.self)] = try row.decode(column: "n", as: Int.self) }
        let spent = try await database.raw("""
            SELECT COALESCE(SUM(estimated_cost_usd), 0) AS spent FROM jobs
            WHERE org_id = \(bind: organization) AND created_at >= \(bind: Self.monthStart(of: time.now()))
              AND state IN (\(binds: active + [JobState.completed.rawValue]))
            """).all().first.map { try $0.decode(column: "spent", as: Double.self) } ?? 0
        return PlanningContext(activeJobsByCandidate: byCandidate, monthSpendUSD: spent, registeredCredentials: registeredCredentials)
    }

    // MARK: Attempts and events

    /// Records one try at placing a job.
    public func recordAttempt(_ attempt: Attempt) async throws {
        try await database.raw("""
            INSERT INTO attempts (job_id, number, candidate_index, provider, machine, region, outcome, error_class,
                                  error_code, message, provider_job_id, started_at, ended_at)
            VALUES (\(bind: attempt.jobID), \(bind: attempt.number), \(bind: attempt.candidateIndex),
                    \(bind: attempt.provider.rawValue), \(bind: attempt.machine), \(bind: attempt.region),
                    \(bind: attempt.outcome.rawValue), \(bind: attempt.errorClass?.rawValue), \(bind: attempt.errorCode),
                    \(bind: attempt.message), \(bind: attempt.providerJobID?.rawValue),
                    \(bind: attempt.startedAt.timeIntervalSince1970), \(bind: attempt.endedAt.timeIntervalSince1970))
            """).run()
        let what = attempt.errorClass.map { "\(attempt.outcome.rawValue) (\($0.rawValue))" } ?? attempt.outcome.rawValue
        try await appendEvent(jobID: attempt.jobID, kind: "attempt",
                              message: "#\(attempt.number) \(attempt.provider.rawValue) \(attempt.machine) \(attempt.region): \(what): \(attempt.message)")
    }

    /// A job's attempts, oldest first.
    public func attempts(jobID: String) async throws -> [Attempt] {
        try await database.raw("SELECT * FROM attempts WHERE job_id = \(bind: jobID) ORDER BY number").all().map { row in
            Attempt(
                jobID: try row.decode(column: "job_id", as: String.self),
                number: try row.decode(column: "number", as: Int.self),
                candidateIndex: try row.decode(column: "candidate_index", as: Int.self),
                target: ComputeTarget(
                    provider: try Self.enumValue(row, "provider"), region: try row.decode(column: "region", as: String.self),
                    machine: .instance(type: try row.decode(column: "machine", as: String.self))),
                outcome: try Self.enumValue(row, "outcome"),
                errorClass: try row.decode(column: "error_class", as: String?.self).flatMap(ErrorClass.init(rawValue:)),
                errorCode: try row.decode(column: "error_code", as: String?.self),
                message: try row.decode(column: "message", as: String.self),
                providerJobID: try row.decode(column: "provider_job_id", as: String?.self).map { ProviderJobID($0) },
                startedAt: Date(timeIntervalSince1970: try row.decode(column: "started_at", as: Double.self)),
                endedAt: Date(timeIntervalSince1970: try row.decode(column: "ended_at", as: Double.self)))
        }
    }

    /// Appends a line to a job's history.
    public func appendEvent(jobID: String, kind: String, message: String) async throws {
        try await database.raw("""
            INSERT INTO events (job_id, seq, at, kind, message)
            SELECT \(bind: jobID), COALESCE(MAX(seq), 0) + 1, \(bind: time.now().timeIntervalSince1970), \(bind: kind), \(bind: message)
            FROM events WHERE job_id = \(bind: jobID)
            """).run()
    }

    /// A job's history, oldest first.
    public func events(jobID: String) async throws -> [JobEvent] {
        try await database.raw("SELECT * FROM events WHERE job_id = \(bind: jobID) ORDER BY seq").all().map { row in
            JobEvent(
                jobID: try row.decode(column: "job_id", as: String.self),
                at: Date(timeIntervalSince1970: try row.decode(column: "at", as: Double.self)),
                kind: try row.decode(column: "kind", as: String.self),
                message: try row.decode(column: "message", as: String.self))
        }
    }

    // MARK: Decoding

    static func decodeJob(_ row: any SQLRow) throws -> JobRecord {
        let specJSON = try row.decode(column: "spec", as: String.self)
        let metricsJSON = try row.decode(column: "metrics", as: String?.self)
        func date(_ column: String) throws -> Date? {
            try row.decode(column: column, as: Double?.self).map { Date(timeIntervalSince1970: $0) }
        }
        return JobRecord(
            id: try row.decode(column: "id", as: String.self),
            organization: try row.decode(column: "org_id", as: String.self),
            profile: try row.decode(column: "profile", as: String.self),
            spec: try JSONDecoder().decode(JobSpec.self, from: Data(specJSON.utf8)),
            state: try enumValue(row, "state"),
            provider: try row.decode(column: "provider", as: String?.self).flatMap(ProviderKind.init(rawValue:)),
            providerJobID: try row.decode(column: "provider_job_id", as: String?.self).map { ProviderJobID($0) },
            candidateIndex: try row.decode(column: "candidate_index", as: Int?.self),
            estimatedCostUSD: try row.decode(column: "estimated_cost_usd", as: Double?.self),
            reason: try row.decode(column: "reason", as: String?.self),
            createdAt: Date(timeIntervalSince1970: try row.decode(column: "created_at", as: Double.self)),
            updatedAt: Date(timeIntervalSince1970: try row.decode(column: "updated_at", as: Double.self)),
            queuedAt: Date(timeIntervalSince1970: try row.decode(column: "queued_at", as: Double.self)),
            progress: try row.decode(column: "progress", as: Double?.self),
            epoch: try row.decode(column: "epoch", as: Int?.self),
            metrics: try metricsJSON.map { try JSONDecoder().decode([String: Double].self, from: Data($0.utf8)) } ?? [:],
            startedAt: try date("started_at"), finishedAt: try date("finished_at"),
            runAttempts: try row.decode(column: "run_attempts", as: Int.self),
            maxAttempts: try row.decode(column: "max_attempts", as: Int.self),
            waitReason: try row.decode(column: "wait_reason", as: String?.self),
            leaseOwner: try row.decode(column: "lease_owner", as: String?.self),
            cancelRequested: try row.decode(column: "cancel_requested", as: Int.self) != 0,
            profileSource: try row.decode(column: "profile_source", as: String?.self),
            lastSyncedAt: try date("last_synced_at"),
            syncMisses: try row.decode(column: "sync_misses", as: Int.self),
            costSoFarUSD: try row.decode(column: "cost_so_far_usd", as: Double?.self))
    }

    static func enumValue<Value: RawRepresentable>(_ row: any SQLRow, _ column: String) throws -> Value where Value.RawValue == String {
        let raw = try row.decode(column: column, as: String.self)
        guard let value = Value(rawValue: raw) else { throw StoreError.database("unknown \(column) '\(raw)' in the database") }
        return value
    }

    static func monthStart(of date: Date) -> Double {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let start = calendar.date(from: calendar.dateComponents([.year, .month], from: date)) ?? date
        return start.timeIntervalSince1970
    }
}
