import Adapters
import Foundation
import SQLKit

/// What the status sync reads and writes.
extension JobStore {
    /// Every job not finished yet, across organizations, oldest first.
    public func activeJobs() async throws -> [JobRecord] {
        try await database.raw("SELECT * FROM jobs WHERE state IN (\(binds: JobState.active.map(\.rawValue))) ORDER BY created_at, id").all().map(Self.decodeJob)
    }

    /// Records a provider's answer: progress, metrics, cost so far, when it started and ended there.
    public func recordSync(jobID: String, status: ProviderJobStatus, costSoFarUSD: Double?) async throws {
        let metrics = status.metrics.isEmpty ? nil : String(decoding: try JSONEncoder().encode(status.metrics), as: UTF8.self)
        try await database.raw("""
            UPDATE jobs SET last_synced_at = \(bind: time.now().timeIntervalSince1970), sync_misses = 0,
                progress = COALESCE(\(bind: status.progress), progress), metrics = COALESCE(\(bind: metrics), metrics),
                cost_so_far_usd = COALESCE(\(bind: costSoFarUSD), cost_so_far_usd),
                started_at = COALESCE(started_at, \(bind: status.startedAt?.timeIntervalSince1970)),
                finished_at = COALESCE(finished_at, \(bind: status.endedAt?.timeIntervalSince1970))
            WHERE id = \(bind: jobID)
            """).run()
    }

    /// Counts one poll that found no such job at its provider; returns the misses in a row.
    public func recordSyncMiss(jobID: String) async throws -> Int {
        let rows = try await database.raw("""
            UPDATE jobs SET sync_misses = sync_misses + 1 WHERE id = \(bind: jobID) RETURNING sync_misses
            """).all()
        return try rows.first?.decode(column: "sync_misses", as: Int.self) ?? 0
    }

    /// What the organization's jobs created this calendar month (UTC) have cost so far.
    public func monthSpend(organization: String) async throws -> Double {
        try await database.raw("""
            SELECT COALESCE(SUM(cost_so_far_usd), 0) AS spent FROM jobs
            WHERE org_id = \(bind: organization) AND created_at >= \(bind: Self.monthStart(of: time.now()))
            """).all().first.map { try $0.decode(column: "spent", as: Double.self) } ?? 0
    }
}
