import Foundation
import Orchestrator

/// A job as the API shows it. The list shows the summary; `GET /v1/jobs/{id}` adds attempts, events and, once the
/// job has completed, its artifacts.
struct JobView: Encodable, Sendable {
    var id: String
    var name: String
    var profile: String
    var state: String
    var reason: String?
    var priority: String
    var provider: String?
    var providerJobId: String?
    var estimatedCostUsd: Double?
    var costSoFarUsd: Double?
    var progress: Double?
    var epoch: Int?
    var metrics: [String: Double]
    var waitReason: String?
    var createdAt: Date
    var updatedAt: Date
    var startedAt: Date?
    var finishedAt: Date?
    var lastSyncedAt: Date?
    /// Seconds since its provider was last heard from, for a job the status sync watches.
    var syncLagSeconds: Double?
    var attempts: [AttemptView]?
    var events: [EventView]?
    var artifacts: [ArtifactView]?

    init(_ job: JobRecord, now: Date, attempts: [Attempt]? = nil, events: [JobEvent]? = nil) {
        id = job.id
        name = job.spec.name
        profile = job.profile
        state = job.state.rawValue
        reason = job.reason
        priority = job.spec.priority.rawValue
        provider = job.provider?.rawValue
        providerJobId = job.providerJobID?.rawValue
        estimatedCostUsd = job.estimatedCostUSD
        costSoFarUsd = job.costSoFarUSD
        progress = job.progress
        epoch = job.epoch
        metrics = job.metrics
        waitReason = job.waitReason
        createdAt = job.createdAt
        updatedAt = job.updatedAt
        startedAt = job.startedAt
        finishedAt = job.finishedAt
        lastSyncedAt = job.lastSyncedAt
        syncLagSeconds = job.state.isTerminal || job.provider == nil || job.provider == .platform
            ? nil : now.timeIntervalSince(job.lastSyncedAt ?? job.updatedAt)
        self.attempts = attempts.map { $0.map(AttemptView.init) }
        self.events = events.map { $0.map(EventView.init) }
    }

    enum CodingKeys: String, CodingKey {
        case id, name, profile, state, reason, priority, provider, providerJobId, estimatedCostUsd, costSoFarUsd, progress, epoch
        case metrics, waitReason, createdAt, updatedAt, startedAt, finishedAt, lastSyncedAt, syncLagSeconds, attempts, events, artifacts
    }

    /// Absent values are written as `null`, so every job has the same keys.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(profile, forKey: .profile)
        try container.encode(state, forKey: .state)
        try container.encode(reason, forKey: .reason)
        try container.encode(priority, forKey: .priority)
        try container.encode(provider, forKey: .provider)
        try container.encode(providerJobId, forKey: .providerJobId)
        try container.encode(estimatedCostUsd, forKey: .estimatedCostUsd)
        try container.encode(costSoFarUsd, forKey: .costSoFarUsd)
        try container.encode(progress, forKey: .progress)
        try container.encode(epoch, forKey: .epoch)
        try container.encode(metrics, forKey: .metrics)
        try container.encode(waitReason, forKey: .waitReason)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(finishedAt, forKey: .finishedAt)
        try container.encode(lastSyncedAt, forKey: .lastSyncedAt)
        try container.encode(syncLagSeconds, forKey: .syncLagSeconds)
        try container.encodeIfPresent(attempts, forKey: .attempts)
        try container.encodeIfPresent(events, forKey: .events)
        try container.encodeIfPresent(artifacts, forKey: .artifacts)
    }
}

/// One artifact of a completed job, with a presigned URL to download it.
struct ArtifactView: Encodable, Sendable {
    var name: String
    var size: Int64
    var sha256: String?
    var contentType: String?
    var url: String
    var expiresAt: Date

    init(_ artifact: Artifact) {
        name = artifact.name
        size = artifact.size
        sha256 = artifact.sha256
        contentType = artifact.contentType
        url = artifact.url
        expiresAt = artifact.expiresAt
    }
}

/// One try at placing a job.
struct AttemptView: Encodable, Sendable {
    var number: Int
    var provider: String
    var machine: String
    var region: String
    var outcome: String
    var errorClass: String?
    var errorCode: String?
    var message: String
    var providerJobId: String?
    var startedAt: Date
    var endedAt: Date

    init(_ attempt: Attempt) {
        number = attempt.number
        provider = attempt.provider.rawValue
        machine = attempt.machine
        region = attempt.region
        outcome = attempt.outcome.rawValue
        errorClass = attempt.errorClass?.rawValue
        errorCode = attempt.errorCode
        message = attempt.message
        providerJobId = attempt.providerJobID?.rawValue
        startedAt = attempt.startedAt
        endedAt = attempt.endedAt
    }
}

/// One line of a job's history.
struct EventView: Encodable, Sendable {
    var at: Date
    var kind: String
    var message: String

    init(_ event: JobEvent) {
        at = event.at
        kind = event.kind
        message = event.message
    }
}

// MARK: Writing

extension JobView: JSONWritable {
    /// The members in sorted order; absent values as `null`, absent lists left out, as `encode(to:)` does.
    func write(to writer: inout JSONWriter) {
        writer.object { writer in
            if let artifacts {
                writer.key("artifacts")
                writer.array(artifacts) { writer, artifact in artifact.write(to: &writer) }
            }
            if let attempts {
                writer.key("attempts")
                writer.array(attempts) { writer, attempt in attempt.write(to: &writer) }
            }
            writer.key("cost_so_far_usd")
            writer.number(costSoFarUsd)
            writer.key("created_at")
            writer.date(createdAt)
            writer.key("epoch")
            writer.number(epoch)
            writer.key("estimated_cost_usd")
            writer.number(estimatedCostUsd)
            if let events {
                writer.key("events")
                writer.array(events) { writer, event in event.write(to: &writer) }
            }
            writer.key("finished_at")
            writer.date(finishedAt)
            writer.key("id")
            writer.string(id)
            writer.key("last_synced_at")
            writer.date(lastSyncedAt)
            writer.key("metrics")
            writer.numbers(metrics)
            writer.key("name")
            writer.string(name)
            writer.key("priority")
            writer.string(priority)
            writer.key("profile")
            writer.string(profile)
            writer.key("progress")
            writer.number(progress)
            writer.key("provider")
            writer.string(provider)
            writer.key("provider_job_id")
            writer.string(providerJobId)
            writer.key("reason")
            writer.string(reason)
            writer.key("started_at")
            writer.date(startedAt)
            writer.key("state")
            writer.string(state)
            writer.key("sync_lag_seconds")
            writer.number(syncLagSeconds)
            writer.key("updated_at")
            writer.date(updatedAt)
            writer.key("wait_reason")
            writer.string(waitReason)
        }
    }
}

extension AttemptView {
    /// The members in sorted order; absent values left out, as the synthesized `encode(to:)` does.
    func write(to writer: inout JSONWriter) {
        writer.object { writer in
            writer.key("ended_at")
            writer.date(endedAt)
            if let errorClass {
                writer.key("error_class")
                writer.string(errorClass)
            }
            if let errorCode {
                writer.key("error_code")
                writer.string(errorCode)
            }
            writer.key("machine")
            writer.string(machine)
            writer.key("message")
            writer.string(message)
            writer.key("number")
            writer.number(number)
            writer.key("outcome")
            writer.string(outcome)
            writer.key("provider")
            writer.string(provider)
            if let providerJobId {
                writer.key("provider_job_id")
                writer.string(providerJobId)
            }
            writer.key("region")
            writer.string(region)
            writer.key("started_at")
            writer.date(startedAt)
        }
    }
}

extension EventView {
    func write(to writer: inout JSONWriter) {
        writer.object { writer in
            writer.key("at")
            writer.date(at)
            writer.key("kind")
            writer.string(kind)
            writer.key("message")
            writer.string(message)
        }
    }
}

extension ArtifactView {
    /// The members in sorted order; absent values left out, as the synthesized `encode(to:)` does.
    func write(to writer: inout JSONWriter) {
        writer.object { writer in
            if let contentType {
                writer.key("content_type")
                writer.string(contentType)
            }
            writer.key("expires_at")
            writer.date(expiresAt)
            writer.key("name")
            writer.string(name)
            if let sha256 {
                writer.key("sha256")
                writer.string(sha256)
            }
            writer.key("size")
            writer.number(Int(size))
            writer.key("url")
            writer.string(url)
        }
    }
}
