import Adapters

/// A training job as a user submits it (`trainyard submit --job FILE`, `POST /v1/jobs`).
public struct JobSpec: Sendable, Hashable, Codable {
    /// A human name.
    public var name: String
    /// What runs: a built-in trainer or a container.
    public var workload: Workload
    /// The dataset URI.
    public var dataset: String?
    /// Trainer configuration.
    public var config: [String: ConfigValue]
    /// GPUs and GPU memory the job needs.
    public var resources: ResourceRequest
    /// Queue priority.
    public var priority: JobPriority
    /// Hours the job takes on one reference GPU (see ``PriceCatalog/referenceGPU``), when the user knows.
    public var estimatedHours: Double?
    /// The job is refused (or stopped) above this cost.
    public var maxCostUSD: Double?
    /// A repeated submission with the same key returns the first job.
    public var idempotencyKey: String?

    /// Creates a job specification.
    public init(
        name: String, workload: Workload, dataset: String? = nil, config: [String: ConfigValue] = [:],
        resources: ResourceRequest = ResourceRequest(), priority: JobPriority = .normal,
        estimatedHours: Double? = nil, maxCostUSD: Double? = nil, idempotencyKey: String? = nil
    ) {
        self.name = name
        self.workload = workload
        self.dataset = dataset
        self.config = config
        self.resources = resources
        self.priority = priority
        self.estimatedHours = estimatedHours
        self.maxCostUSD = maxCostUSD
        self.idempotencyKey = idempotencyKey
    }
}
