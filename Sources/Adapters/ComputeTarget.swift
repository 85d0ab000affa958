/// Where a job should run: one provider, region and machine choice, as a compute profile names it.
public struct ComputeTarget: Sendable, Hashable, Codable {
    /// The provider that runs the job.
    public var provider: ProviderKind
    /// The provider region (`local` for platform workers, `*` for a Kubernetes cluster).
    public var region: String
    /// The machine: an instance type, a machine type, or a GPU model for platform and Kubernetes.
    public var machine: MachineChoice
    /// Whether to run on spot or preemptible capacity.
    public var spot: Bool
    /// The name of the registered credential to use, when the provider needs one.
    public var credentials: String?
    /// An endpoint that replaces the provider's default URL (tests, sovereign clouds).
    public var endpoint: String?
    /// The provider-specific keys of the profile candidate; `nil` when the target was not read from a profile.
    public var settings: ProviderSettings?
    /// How long a job may stay queued at the provider (the profile's `limits.max_queue_wait`) before the adapter
    /// reports it as a `capacity` failure so the router falls back; `nil`: no limit.
    public var queueingDeadlineSeconds: Double?

    /// Creates a target.
    public init(
        provider: ProviderKind, region: String, machine: MachineChoice,
        spot: Bool = false, credentials: String? = nil, endpoint: String? = nil, settings: ProviderSettings? = nil,
        queueingDeadlineSeconds: Double? = nil
    ) {
        self.provider = provider
        self.region = region
        self.machine = machine
        self.spot = spot
        self.credentials = credentials
        self.endpoint = endpoint
        self.settings = settings
        self.queueingDeadlineSeconds = queueingDeadlineSeconds
    }
}

/// The machine part of a ``ComputeTarget``, in each provider's own terms.
public enum MachineChoice: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A whole instance with its GPUs (SageMaker `ml.g5.xlarge`, an Azure VM size).
    case instance(type: String)
    /// A host machine type plus attached accelerators (Vertex AI).
    case hostWithAccelerator(machineType: String, accelerator: String?, count: Int)
    /// A number of GPUs of one model (platform workers, Kubernetes); model `nil` means CPU only.
    case gpus(model: String?, count: Int)

    /// A short human name: `ml.g4dn.xlarge`, `n1-standard-4+T4x1`, `A100x2`, `cpu`.
    public var description: String {
        switch self {
        case .instance(let type):
            return type
        case .hostWithAccelerator(let machineType, let accelerator, let count):
            guard let accelerator else { return machineType }
            return "\(machineType)+\(accelerator)x\(count)"
        case .gpus(let model, let count):
            guard let model else { return "cpu" }
            return "\(model)x\(count)"
        }
    }
}
