/// Everything an adapter needs to start one attempt of a job at its provider.
public struct ProviderJobSpec: Sendable, Hashable {
    /// Trainyard's job id; adapters derive their idempotency handle from it and ``attempt``.
    public var jobID: String
    /// The organization that owns the job (carried in provider labels and tags).
    public var organization: String
    /// The job's human name.
    public var name: String
    /// What to run.
    public var workload: Workload
    /// The dataset URI, when the job reads one.
    public var dataset: String?
    /// Trainer configuration.
    public var config: [String: ConfigValue]
    /// What the job needs from the machine.
    public var resources: ResourceRequest
    /// Where to run.
    public var target: ComputeTarget
    /// The attempt number, starting at 1, unique per job.
    public var attempt: Int
    /// The storage prefix the trainer saves checkpoints under and resumes from: the same for every attempt of a
    /// job, so an attempt resubmitted after a capacity loss continues where the lost one stopped. `nil`: the
    /// adapter keeps checkpoints under its own output location.
    public var checkpointURI: String?

    /// Creates a provider job specification.
    public init(
        jobID: String, organization: String, name: String, workload: Workload, dataset: String?,
        config: [String: ConfigValue], resources: ResourceRequest, target: ComputeTarget, attempt: Int,
        checkpointURI: String? = nil
    ) {
        self.jobID = jobID
        self.organization = organization
        self.name = name
        self.workload = workload
        self.dataset = dataset
        self.config = config
        self.resources = resources
        self.target = target
        self.attempt = attempt
        self.checkpointURI = checkpointURI
    }
}

/// What a job runs: one of Trainyard's built-in trainers, or the user's own container.
public enum Workload: Sendable, Hashable, Codable {
    /// A built-in trainer by name (`mlp`, `logistic`, `kmeans`, …), run by `trainyard train`.
    case trainer(String)
    /// A container image and its command.
    case container(image: String, command: [String])
}

/// The machine resources a job asks for.
public struct ResourceRequest: Sendable, Hashable, Codable {
    /// GPUs the job uses (0: CPU only).
    public var gpus: Int
    /// Memory each GPU must have, in GiB, when the job says.
    public var gpuMemoryGiB: Double?

    /// Creates a resource request.
    public init(gpus: Int = 1, gpuMemoryGiB: Double? = nil) {
        self.gpus = gpus
        self.gpuMemoryGiB = gpuMemoryGiB
    }
}
