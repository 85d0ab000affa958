import Adapters
import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// A `trainyard worker` process: leases platform jobs and runs each in a fresh child process, so every job
/// starts clean (GPU memory is freed completely) and a crashing trainer cannot take the worker down.
///
/// Each slot leases one job at a time. While a run lasts, the worker renews the lease, records progress
/// from the child's JSON lines, and stops the run (SIGTERM, then SIGKILL after a grace period) when the job
/// is cancelled, its lease is lost, or it runs past the timeout. A failed run is retried with capped
/// exponential backoff while the job has attempts left; a worker killed outright leaves a lease that
/// expires, and the job goes back to the queue and resumes from its checkpoint on the next lease. A completed run's
/// output is published as the job's artifacts before the job counts as completed.
public struct PlatformWorker: Sendable {
    public let store: JobStore
    public let configuration: WorkerConfiguration
    public let logger: Logger

    /// Creates a worker.
    public init(store: JobStore, configuration: WorkerConfiguration, logger: Logger = Logger(label: "trainyard.worker")) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
    }

    /// Registers the worker and runs its slots until the task is cancelled (or, with `exitWhenIdle`, until
    /// nothing is left to do).
    public func run() async throws {
        try await store.registerWorker(configuration.info)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for slot in 0..<max(1, configuration.info.slots) {
                group.addTask { try await runSlot(slot) }
            }
            try await group.waitForAll()
        }
    }

    private func runSlot(_ slot: Int) async throws {
        while !Task.isCancelled {
            try await store.requeueExpiredLeases()
            guard let job = try await store.leaseNextJob(worker: configuration.info, leaseSeconds: configuration.leaseSeconds) else {
                if configuration.exitWhenIdle, try await !store.hasPendingPlatformWork(gpus: configuration.info.gpus) { return }
                try await Task.sleep(for: .seconds(configuration.pollSeconds))
                continue
            }
            logger.info("leased job", metadata: ["job": "\(job.id)", "slot": "\(slot)", "run": "\(job.runAttempts)"])
            await runJob(job)
        }
    }

    // MARK: One run

    /// Why the worker stopped a run before it ended by itself.
    private enum Interruption: Sendable {
        case cancelled, leaseLost, timedOut
    }

    private func runJob(_ job: JobRecord) async {
        let folder = JobFolder(stateFolder: configuration.stateFolder, jobID: job.id)
        let worker = configuration.info.id
        let child: ChildProcess
        do {
            try folder.create()
            let arguments = try configuration.trainCommand + trainArguments(for: job, in: folder)
            var environment = ProcessInfo.processInfo.environment
            environment["TRAINYARD_PARENT_PID"] = String(getpid())
            child = try ChildProcess(arguments: arguments, environment: environment, logFile: folder.log)
        } catch {
            await finish(job, .failed(reason: "could not start the run: \(error)", retryable: false))
            return
        }

        let progressTask = Task {
            for await line in child.lines {
                guard let progress = try? JSONDecoder().decode(TrainingProgress.self, from: Data(line.utf8)) else { continue }
                try? await store.recordProgress(jobID: job.id, worker: worker, epoch: progress.epoch, progress: progress.fraction,
                                                metrics: progress.metrics.merging(["loss": progress.loss]) { $1 })
            }
        }
        let supervisor = Task { await supervise(job, child: child) }
        let exit = await child.waitForExit()
        supervisor.cancel()
        let interruption = await supervisor.value
        await progressTask.value

        switch interruption {
        case .leaseLost?:
            logger.warning("lost the lease; the run was stopped", metadata: ["job": "\(job.id)"])
        case .cancelled?:
            await finish(job, .cancelled)
        case .timedOut?:
            await finish(job, .failed(reason: "timeout: ran longer than \(DurationText.format(configuration.jobTimeoutSeconds))", retryable: false))
        case nil where exit == (0, false):
            do {
                try await configuration.artifacts?.publish(jobID: job.id, organization: job.organization, outputFolder: folder.output)
                await finish(job, .completed(metrics: Self.validationMetrics(at: folder.modelCard)))
            } catch {
                await finish(job, .failed(reason: "could not store the artifacts: \(error)", retryable: true))
            }
        case nil:
            let how = exit.signalled ? "was killed by signal \(exit.status)" : "exited with status \(exit.status)"
            let detail = Self.lastLine(of: folder.log).map { ": \($0)" } ?? ""
            await finish(job, .failed(reason: "the trainer \(how)\(detail)", retryable: true))
        }
    }

    /// Renews the lease until the run ends; stops the run when it must stop, and says why.
    private func supervise(_ job: JobRecord, child: ChildProcess) async -> Interruption? {
        let started = ContinuousClock.now
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(configuration.heartbeatSeconds))
            if Task.isCancelled || child.hasExited { return nil }
            var reason: Interruption?
            switch try? await store.heartbeat(jobID: job.id, worker: configuration.info.id, leaseSeconds: configuration.leaseSeconds) {
            case .lost?: reason = .leaseLost
            case .held(let cancelRequested)? where cancelRequested: reason = .cancelled
            default: break
            }
            if reason == nil, ContinuousClock.now - started > .seconds(configuration.jobTimeoutSeconds) { reason = .timedOut }
            if let reason {
                await stop(child)
                return reason
            }
        }
        return nil
    }

    /// SIGTERM, then SIGKILL if the child is still there after the grace period.
    private func stop(_ child: ChildProcess) async {
        child.signal(SIGTERM)
        let deadline = ContinuousClock.now + .seconds(configuration.cancelGraceSeconds)
        while !child.hasExited, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(100))
        }
        if !child.hasExited { child.signal(SIGKILL) }
    }

    private func finish(_ job: JobRecord, _ outcome: RunOutcome) async {
        let delay = configuration.retry.delay(beforeRetry: max(1, job.runAttempts), unit: Double.random(in: 0..<1))
        do {
            let finished = try await store.finishRun(jobID: job.id, worker: configuration.info.id, outcome: outcome, retryDelay: delay)
            logger.info("run ended", metadata: ["job": "\(job.id)", "state": "\(finished?.state.rawValue ?? "lost")"])
        } catch {
            logger.error("could not record the end of a run", metadata: ["job": "\(job.id)", "error": "\(error)"])
        }
    }

    // MARK: The training command

    /// `--trainer … --data … --label … --config … --output … --resume --progress json` for a job.
    func trainArguments(for job: JobRecord, in folder: JobFolder) throws -> [String] {
        guard case .trainer(let trainer) = job.spec.workload else {
            throw WorkerError.unsupported("platform workers run built-in trainers, not containers")
        }
        guard let dataset = job.spec.dataset else { throw WorkerError.unsupported("the job names no dataset") }
        let path = try Self.localPath(of: dataset)
        var config = job.spec.config
        let label: String
        switch config.removeValue(forKey: "label") {
        case .string(let name)?: label = name
        case nil: label = "label"
        case let other?: throw WorkerError.unsupported("config.label must be a column name, not \(other)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(config).write(to: URL(fileURLWithPath: folder.config))
        return ["--trainer", trainer, "--data", path, "--label", label, "--config", folder.config,
                "--output", folder.output, "--resume", "--progress", "json"]
    }

    /// The local path of a dataset URI (`/abs/path` or `file:///abs/path`).
    static func localPath(of dataset: String) throws -> String {
        if dataset.hasPrefix("/") { return dataset }
        if let url = URL(string: dataset), url.scheme == "file" { return url.path }
        throw WorkerError.unsupported("platform workers read local datasets; '\(dataset)' is not an absolute path or file:// URI")
    }

    /// `metrics.validation` of a model card, as numbers; its `loss` becomes `val_loss`, beside the training `loss`.
    static func validationMetrics(at path: String) -> [String: Double] {
        guard let data = FileManager.default.contents(atPath: path),
              let card = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let metrics = card["metrics"] as? [String: Any],
              let validation = metrics["validation"] as? [String: Any] else { return [:] }
        let numbers = validation.compactMapValues { ($0 as? NSNumber)?.doubleValue }
        return Dictionary(uniqueKeysWithValues: numbers.map { ($0.key == "loss" ? "val_loss" : $0.key, $0.value) })
    }

    /// The last non-empty line of a log file.
    static func lastLine(of path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data.suffix(4096), as: UTF8.self).split(whereSeparator: \.isNewline).last.map(String.init)
    }
}

/// Why a worker cannot run a job at all.
public enum WorkerError: Error, Sendable, CustomStringConvertible {
    case unsupported(String)

    public var description: String {
        switch self {
        case .unsupported(let message): message
        }
    }
}
