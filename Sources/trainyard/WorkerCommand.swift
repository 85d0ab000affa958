import ArgumentParser
import Foundation
import Orchestrator

/// `trainyard worker [--slots N]`
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Serve the platform queue: lease jobs and run each in a fresh `trainyard train` process.",
        discussion: "A completed run's output goes to $TRAINYARD_STORAGE (default: the state folder's storage/) as the job's artifacts.")

    @Option(help: "Jobs to run at once.")
    var slots = 1

    @Option(help: "Seconds a lease lasts without a heartbeat.")
    var leaseSeconds = 30.0

    @Option(help: "Seconds between heartbeats.")
    var heartbeatSeconds = 5.0

    @Option(help: "Seconds a run may take before it is stopped and failed with reason timeout.")
    var jobTimeout = 86_400.0

    @Option(help: "Seconds a stopped run gets between SIGTERM and SIGKILL.")
    var grace = 10.0

    @Flag(help: "Exit once no job this worker could run is queued or running.")
    var exitWhenIdle = false

    func run() async throws {
        let home = TrainyardHome()
        let gpus = await GPUProbe.detect()
        let host = ProcessInfo.processInfo.hostName
        let info = WorkerInfo(
            id: "\(host)-\(getpid())", host: host, slots: slots, gpus: gpus.count, gpuModel: gpus.first?.name,
            gpuMemoryGiB: gpus.first?.memoryGiB)
        if gpus.isEmpty {
            FileHandle.standardError.write(Data("trainyard worker: no GPU found (nvidia-smi missing or empty): training on CPU\n".utf8))
        } else {
            let summary = gpus.map { String(format: "%@ %.0f GiB, %.0f%% busy", $0.name, $0.memoryGiB, $0.utilization) }.joined(separator: "; ")
            FileHandle.standardError.write(Data("trainyard worker: \(gpus.count) GPU(s): \(summary)\n".utf8))
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        // The worker only stores artifacts; the API server presigns them with its own address.
        try await home.withStorage(localBaseURL: "http://127.0.0.1") { storage in
            let configuration = WorkerConfiguration(
                info: info, stateFolder: home.path, trainCommand: [executable, "train"], leaseSeconds: leaseSeconds,
                heartbeatSeconds: heartbeatSeconds, jobTimeoutSeconds: jobTimeout, cancelGraceSeconds: grace, exitWhenIdle: exitWhenIdle,
                artifacts: JobArtifacts(storage: storage))
            try await home.withStore { store in
                try await PlatformWorker(store: store, configuration: configuration).run()
            }
        }
    }
}
