/// Trainyard's own job queue, as the platform adapter needs it. Declared here, implemented by the job
/// store above, so the adapter does not depend on the orchestrator.
public protocol PlatformQueue: Sendable {
    /// Puts a routed job in the queue for platform workers. The job keeps its priority and queue position.
    func enqueue(_ spec: ProviderJobSpec) async throws

    /// The job as the queue and its workers see it.
    func queueStatus(jobID: String) async throws -> ProviderJobStatus

    /// Cancels a queued job at once, or asks the worker running it to stop.
    func cancelQueued(jobID: String) async throws
}
