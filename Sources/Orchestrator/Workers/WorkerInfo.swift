import Foundation

/// A platform worker process as it registers itself: where it runs and which GPUs it offers.
public struct WorkerInfo: Sendable, Hashable {
    public var id: String
    public var host: String
    /// Jobs it runs at once.
    public var slots: Int
    /// GPUs it offers (0: CPU only).
    public var gpus: Int
    public var gpuModel: String?
    public var gpuMemoryGiB: Double?

    /// Creates a worker description.
    public init(id: String, host: String, slots: Int, gpus: Int, gpuModel: String?, gpuMemoryGiB: Double?) {
        self.id = id
        self.host = host
        self.slots = slots
        self.gpus = gpus
        self.gpuModel = gpuModel
        self.gpuMemoryGiB = gpuMemoryGiB
    }
}

/// How a platform run ended, as its worker reports it.
public enum RunOutcome: Sendable, Hashable {
    /// Training finished; the final metrics.
    case completed(metrics: [String: Double])
    /// The run failed; `retryable` failures are retried while attempts remain.
    case failed(reason: String, retryable: Bool)
    /// The run was stopped because a user cancelled the job.
    case cancelled
}

/// What a heartbeat learns about a lease.
public enum LeaseState: Sendable, Hashable {
    /// The worker still holds the job; `cancelRequested` asks it to stop the run.
    case held(cancelRequested: Bool)
    /// The lease expired and the job went back to the queue (or was finished elsewhere): stop the run.
    case lost
}
