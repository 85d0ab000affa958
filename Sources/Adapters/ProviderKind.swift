/// The places Trainyard can run a training job.
public enum ProviderKind: String, CaseIterable, Sendable, Codable, Hashable {
    /// Trainyard's own worker processes, fed from the platform queue.
    case platform
    /// AWS SageMaker training jobs.
    case sagemaker
    /// Google Vertex AI custom jobs.
    case vertex
    /// Azure Machine Learning command jobs.
    case azureml
    /// Kubernetes `batch/v1` Jobs.
    case kubernetes

    /// Whether jobs on this provider run in someone's cloud account and so need registered credentials.
    public var needsCredentials: Bool { self != .platform }
}
