import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Real worker processes: killed with SIGKILL mid-job, cancelling a run, timing one out.
@Suite("Platform workers end to end", .serialized,
       .enabled(if: FileManager.default.isExecutableFile(atPath: CLI.executable.path), "the trainyard binary is built next to the tests"))
struct PlatformWorkerTests {
    let home: URL
    let folder: String

    init() throws {
        folder = try Repository.temporaryFolder("crash")
        home = URL(fileURLWithPath: "\(folder)/home")
    }

    func trainyard(_ arguments: [String]) async throws -> ProcessResult {
        try await CLI.run(arguments, home: home)
    }

    func startWorker(_ extra: [String]) throws -> Process {
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["worker", "--lease-seconds", "2", "--heartbeat-seconds", "0.5"] + extra
        process.environment = ProcessInfo.processInfo.environment.merging(["TRAINYARD_HOME": home.path]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    func job(_ id: String) async throws -> [String: Any] {
        let result = try await trainyard(["status", id, "--output", "json"])
        return try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    }

    /// Pids of processes whose command line mentions `text`.
    func processes(mentioning text: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry in
            guard let pid = Int32(entry), let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline") else { return nil }
            return String(decoding: data, as: UTF8.self).contains(text) ? pid : nil
        }
    }

    func waitFor(_ what: String, seconds: Double, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("timed out after \(seconds) s waiting for \(what)")
        throw CancellationError()
    }

    @Test("the job returns to the queue when its worker dies and completes on the next lease from its checkpoint, with the same model as an uninterrupted run")
    func killedWorker() async throws {
        let data = "\(folder)/blobs.csv"
        #expect(try await trainyard(["dataset", "generate", "--rows", "40000", "--features", "32", "--classes", "4", "--output", data]).status == 0)
        let jobFile = "\(folder)/job.yaml"
        try """
            name: crash-test
            trainer: mlp
            dataset: \(data)
            config: {label: label, epochs: 8, batch_size: 128, hidden_layers: [64, 32], checkpoint_every: 1}
            resources: {gpus: 0}
            estimated_hours: 0.01
            """.write(toFile: jobFile, atomically: true, encoding: .utf8)
        let submitted = try await trainyard(["submit", "--profile", "profiles/local-cpu.yaml", "--job", jobFile, "--output", "json"])
        #expect(submitted.status == 0, "\(submitted.errors)")
        let id = try #require((try JSONSerialization.jsonObject(with: submitted.stdout) as? [String: Any])?["id"] as? String)
        let jobFolder = "\(home.path)/jobs/\(id)"

        let first = try startWorker([])
        try await waitFor("epoch 2", seconds: 120) { (try await job(id)["epoch"] as? Int ?? 0) >= 2 }
        #expect(!processes(mentioning: jobFolder).isEmpty, "the trainer runs in its own process")
        kill(first.processIdentifier, SIGKILL)
        try await blockingWork { first.waitUntilExit() }
        // The trainer dies with its worker instead of writing on while the job is re-leased.
        try await waitFor("the orphaned trainer to exit", seconds: 30) { processes(mentioning: jobFolder).isEmpty }
        #expect(try await job(id)["state"] as? String == "running")

        let second = try startWorker(["--exit-when-idle"])
        try await waitFor("the job to finish", seconds: 180) { ["completed", "failed", "cancelled"].contains(try await job(id)["state"] as? String ?? "") }
        try await blockingWork { second.waitUntilExit() }
        let finished = try await job(id)
        #expect(finished["state"] as? String == "completed")
        #expect(finished["runs"] as? Int == 2)
        let events = try #require(finished["events"] as? [String])
        #expect(events.contains { $0.contains("running → queued: the worker's lease expired") })

        // Resumed, not restarted: epoch 1 was trained once.
        let log = try String(contentsOfFile: "\(jobFolder)/train.log", encoding: .utf8)
        #expect(log.components(separatedBy: "\"epoch\":1,").count - 1 == 1)
        #expect(log.contains("\"epoch\":8,"))

        // The interrupted job's model is byte for byte the model of an uninterrupted run.
        let straight = "\(folder)/straight"
        let run = try await trainyard(["train", "--trainer", "mlp", "--data", data, "--label", "label", "--config", "\(jobFolder)/config.json",
                                 "--output", straight, "--progress", "json"])
        #expect(run.status == 0, "\(run.errors)")
        let resumedModel = try #require(FileManager.default.contents(atPath: "\(jobFolder)/output/model.trainyard"))
        let straightModel = try #require(FileManager.default.contents(atPath: "\(straight)/model.trainyard"))
        #expect(resumedModel == straightModel)

        // The completed run's output became the job's artifacts in storage; its checkpoints stayed behind.
        let listed = try await trainyard(["storage", "ls", "jobs/\(id)/"])
        let keys = listed.output.split(separator: "\n").compactMap { $0.split(separator: "\t").last.map(String.init) }
        #expect(keys == ["model.trainyard", "model_card.json"].map { "orgs/default/jobs/\(id)/artifacts/\($0)" })
        #expect(try await trainyard(["storage", "get", "jobs/\(id)/artifacts/model.trainyard", "\(folder)/artifact"]).status == 0)
        #expect(FileManager.default.contents(atPath: "\(folder)/artifact") == resumedModel)

        // The configuration given inline, as cloud adapters pass it, trains the same model.
        let inlineConfig = try String(contentsOfFile: "\(jobFolder)/config.json", encoding: .utf8)
        let inline = try await trainyard(["train", "--trainer", "mlp", "--data", data, "--label", "label", "--config", inlineConfig,
                                    "--output", "\(folder)/inline", "--progress", "json"])
        #expect(inline.status == 0, "\(inline.errors)")
        #expect(FileManager.default.contents(atPath: "\(folder)/inline/model.trainyard") == straightModel)
    }

    /// Submits a job long enough to be stopped mid-run (many small epochs on generated data).
    func submitLongJob(_ name: String) async throws -> String {
        let data = "\(folder)/\(name).csv"
        #expect(try await trainyard(["dataset", "generate", "--rows", "20000", "--features", "16", "--classes", "3", "--output", data]).status == 0)
        let jobFile = "\(folder)/\(name).yaml"
        try """
            name: \(name)
            trainer: mlp
            dataset: \(data)
            config: {label: label, epochs: 400, batch_size: 64, hidden_layers: [32], checkpoint_every: 5}
            resources: {gpus: 0}
            estimated_hours: 0.01
            """.write(toFile: jobFile, atomically: true, encoding: .utf8)
        let submitted = try await trainyard(["submit", "--profile", "profiles/local-cpu.yaml", "--job", jobFile, "--output", "json"])
        return try #require((try JSONSerialization.jsonObject(with: submitted.stdout) as? [String: Any])?["id"] as? String)
    }

    @Test("cancelling a running job stops its trainer through the worker (SIGTERM, checkpoint) and ends it cancelled; logs show the run")
    func cancelRunning() async throws {
        let id = try await submitLongJob("cancel-me")
        let worker = try startWorker(["--exit-when-idle"])
        try await waitFor("epoch 1", seconds: 120) { (try await job(id)["epoch"] as? Int ?? 0) >= 1 }
        let cancelled = try await trainyard(["cancel", id])
        #expect(cancelled.output.contains("cancellation requested"))
        try await waitFor("the job to end", seconds: 60) { try await job(id)["state"] as? String == "cancelled" }
        try await blockingWork { worker.waitUntilExit() }
        #expect(processes(mentioning: "\(home.path)/jobs/\(id)").isEmpty)
        let logs = try await trainyard(["logs", id])
        #expect(logs.status == 0)
        #expect(logs.output.contains("\"epoch\":1,"))
        #expect(!logs.output.contains("\"epoch\":400,"))
    }

    @Test("a run past the worker's job timeout is stopped and fails with reason timeout")
    func timeout() async throws {
        let id = try await submitLongJob("too-slow")
        let worker = try startWorker(["--exit-when-idle", "--job-timeout", "2", "--grace", "1"])
        try await waitFor("the job to end", seconds: 120) { ["completed", "failed", "cancelled"].contains(try await job(id)["state"] as? String ?? "") }
        try await blockingWork { worker.waitUntilExit() }
        let finished = try await job(id)
        #expect(finished["state"] as? String == "failed")
        #expect((finished["reason"] as? String)?.hasPrefix("timeout") == true)
    }

    @Test("a queued job that needs a GPU stays queued on a CPU worker, with the reason in status")
    func gpuJobWaits() async throws {
        let jobFile = "\(folder)/gpu-job.yaml"
        try "name: gpu\ntrainer: mlp\ndataset: /nonexistent.csv\nresources: {gpus: 1}\nestimated_hours: 1\n".write(toFile: jobFile, atomically: true, encoding: .utf8)
        let profile = "\(folder)/gpu.yaml"
        try "name: gpu\nstrategy: queue\ncandidates:\n  - {provider: platform, gpu: T4}\n".write(toFile: profile, atomically: true, encoding: .utf8)
        let worker = try startWorker(["--exit-when-idle"])
        try await blockingWork { worker.waitUntilExit() }
        let submitted = try await trainyard(["submit", "--profile", profile, "--job", jobFile, "--output", "json"])
        let id = try #require((try JSONSerialization.jsonObject(with: submitted.stdout) as? [String: Any])?["id"] as? String)
        let again = try startWorker(["--exit-when-idle"])
        try await blockingWork { again.waitUntilExit() }
        let status = try await job(id)
        #expect(status["state"] as? String == "queued")
        #expect(status["waiting"] as? String == "no worker has 1 GPU(s); the largest has 0")
    }
}
