import ArgumentParser
import Foundation
import Orchestrator

/// `trainyard status [ID]`
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show one job in detail, or list the jobs.")

    @Argument(help: "A job id; without one, every job is listed.")
    var id: String?

    @Option(help: "table or json.")
    var output: OutputFormat = .table

    @Flag(help: "With an id: print a line at every change until the job ends, then the job.")
    var follow = false

    func run() async throws {
        let home = TrainyardHome()
        try await home.withStore { store in
            let organization = TrainyardHome.organization
            guard let id else {
                let jobs = try await store.jobs(organization: organization).jobs
                if output == .json {
                    print(try JobDocument.json(jobs.map { JobDocument($0, attempts: [], events: []) }))
                } else {
                    for job in jobs {
                        let progress = job.progress.map { String(format: "%3.0f%%", $0 * 100) } ?? "   -"
                        print("\(job.id)  \(job.state.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(progress)  \(job.provider?.rawValue ?? "-")  \(job.spec.name)")
                    }
                }
                return
            }
            guard let job = try await store.job(id: id, organization: organization) else {
                FileHandle.standardError.write(Data("trainyard: job.not_found: no job \(id)\n".utf8))
                throw ExitCode(1)
            }
            var current = job
            if follow {
                var last = ""
                while true {
                    let line = Self.summary(current)
                    if line != last { print(line) }
                    last = line
                    if current.state.isTerminal { break }
                    try await Task.sleep(for: .milliseconds(300))
                    current = try await store.job(id: id, organization: organization) ?? current
                }
            }
            var document = JobDocument(current, attempts: try await store.attempts(jobID: id), events: try await store.events(jobID: id))
            document.artifacts = Self.artifacts(of: current, home: home)
            print(output == .json ? try JobDocument.json(document) : document.text())
        }
    }
}

extension StatusCommand {
    /// One line: state, progress, epoch and the main metrics.
    static func summary(_ job: JobRecord) -> String {
        var parts = [job.state.rawValue]
        if let progress = job.progress { parts.append(String(format: "%.0f%%", progress * 100)) }
        if let epoch = job.epoch { parts.append("epoch \(epoch)") }
        for name in ["loss", "accuracy", "val_loss"] {
            if let value = job.metrics[name] { parts.append(String(format: "%@ %.4f", name, value)) }
        }
        if job.state == .queued, let waiting = job.waitReason { parts.append("(\(waiting))") }
        return parts.joined(separator: "  ")
    }

    /// The files a finished platform job left in its output folder.
    static func artifacts(of job: JobRecord, home: TrainyardHome) -> [String] {
        guard job.provider == .platform else { return [] }
        let folder = JobFolder(stateFolder: home.path, jobID: job.id)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.output)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "checkpoints" }.sorted().map { "\(folder.output)/\($0)" }
    }
}

/// A job as `status` shows it.
struct JobDocument: Encodable {
    var id: String
    var name: String
    var profile: String
    var state: String
    var provider: String?
    var providerJobID: String?
    var progress: Double?
    var epoch: Int?
    var metrics: [String: Double]
    var estimatedCostUSD: Double?
    var reason: String?
    var waiting: String?
    var runs: Int
    var createdAt: Date
    var startedAt: Date?
    var finishedAt: Date?
    var attempts: [AttemptDocument]
    var events: [String]
    var artifacts: [String] = []

    struct AttemptDocument: Encodable {
        var number: Int
        var provider: String
        var machine: String
        var region: String
        var outcome: String
        var errorClass: String?
        var message: String
        var startedAt: Date
        var endedAt: Date
    }

    init(_ job: JobRecord, attempts: [Attempt], events: [JobEvent]) {
        id = job.id
        name = job.spec.name
        profile = job.profile
        state = job.state.rawValue
        provider = job.provider?.rawValue
        providerJobID = job.providerJobID?.rawValue
        progress = job.progress
        epoch = job.epoch
        metrics = job.metrics
        estimatedCostUSD = job.estimatedCostUSD
        reason = job.reason
        waiting = job.state == .queued ? job.waitReason : nil
        runs = job.runAttempts
        createdAt = job.createdAt
        startedAt = job.startedAt
        finishedAt = job.finishedAt
        self.attempts = attempts.map {
            AttemptDocument(number: $0.number, provider: $0.provider.rawValue, machine: $0.machine, region: $0.region,
                            outcome: $0.outcome.rawValue, errorClass: $0.errorClass?.rawValue, message: $0.message,
                            startedAt: $0.startedAt, endedAt: $0.endedAt)
        }
        self.events = events.map { "\(ISO8601DateFormatter().string(from: $0.at)) \($0.kind): \($0.message)" }
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func text() -> String {
        var lines = ["job \(id) (\(name)), profile \(profile)", "state: \(state)\(reason.map { " — \($0)" } ?? "")"]
        if let waiting { lines.append("waiting: \(waiting)") }
        if let provider { lines.append("provider: \(provider)\(providerJobID.map { " (\($0))" } ?? "")") }
        if let progress { lines.append(String(format: "progress: %.0f%%", progress * 100) + (epoch.map { ", epoch \($0)" } ?? "")) }
        if !metrics.isEmpty {
            lines.append("metrics: " + metrics.sorted { $0.key < $1.key }.map { "\($0.key)=\(String(format: "%.4f", $0.value))" }.joined(separator: " "))
        }
        if let estimatedCostUSD { lines.append(String(format: "estimated cost: %.2f USD", estimatedCostUSD)) }
        let formatter = ISO8601DateFormatter()
        lines.append("created: \(formatter.string(from: createdAt))" + (startedAt.map { ", started: \(formatter.string(from: $0))" } ?? "")
                     + (finishedAt.map { ", finished: \(formatter.string(from: $0))" } ?? "") + ", runs: \(runs)")
        for artifact in artifacts { lines.append("artifact: \(artifact)") }
        for attempt in attempts {
            lines.append("attempt #\(attempt.number): \(attempt.provider) \(attempt.machine) \(attempt.region): \(attempt.outcome)"
                         + (attempt.errorClass.map { " (\($0))" } ?? "") + " — \(attempt.message)")
        }
        return lines.joined(separator: "\n")
    }
}
