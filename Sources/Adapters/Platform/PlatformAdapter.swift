import Credentials

/// Runs jobs on Trainyard's own workers: submission puts the job in the platform queue, from which
/// `trainyard worker` processes lease it. The provider job id is Trainyard's job id.
public struct PlatformAdapter: ComputeAdapter {
    public let provider = ProviderKind.platform
    private let queue: any PlatformQueue

    /// Creates the adapter over a queue.
    public init(queue: any PlatformQueue) {
        self.queue = queue
    }

    public func submit(_ spec: ProviderJobSpec, credentials: CloudCredential?) async throws -> ProviderJobID {
        guard case .trainer = spec.workload else {
            throw AdapterError(.invalid, provider: .platform, code: "ContainerUnsupported",
                               message: "platform workers run built-in trainers; route container jobs to a cloud provider")
        }
        try await queue.enqueue(spec)
        return ProviderJobID(spec.jobID)
    }

    public func status(of id: ProviderJobID, at target: ComputeTarget, credentials: CloudCredential?) async throws -> ProviderJobStatus {
        try await queue.queueStatus(jobID: id.rawValue)
    }

    public func cancel(_ id: ProviderJobID, at target: ComputeTarget, credentials: CloudCredential?) async throws {
        try await queue.cancelQueued(jobID: id.rawValue)
    }

    /// Platform workers need no credentials.
    public func validateCredentials(_ credentials: CloudCredential?, for target: ComputeTarget) async throws -> CredentialValidation {
        CredentialValidation(valid: true, identity: "trainyard platform workers")
    }
}
