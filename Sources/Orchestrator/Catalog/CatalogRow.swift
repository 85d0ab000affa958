import Adapters

/// One price row of the catalog (`profiles/catalog/prices.csv`).
public struct CatalogRow: Sendable, Hashable, Codable {
    /// What a row prices.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A whole machine with its GPUs.
        case machine
        /// A host machine type without GPUs (Vertex AI).
        case host
        /// `gpuCount` attached GPUs of `gpuModel` (Vertex AI).
        case accelerator
    }

    public var provider: ProviderKind
    public var kind: Kind
    /// The region, `local` for platform workers, `*` for any region.
    public var region: String
    /// Instance or machine type; `gpu-<MODEL>` for per-GPU rows; empty for accelerator rows.
    public var machine: String
    public var gpuModel: String?
    public var gpuCount: Int
    /// Memory of each GPU in GiB.
    public var gpuMemoryGiB: Double?
    public var vcpus: Int?
    public var memoryGiB: Double?
    public var onDemandUSDPerHour: Double
    public var spotUSDPerHour: Double?
    /// Where the price comes from (see `profiles/catalog/SOURCE.md`).
    public var source: String

    /// A short reference used in estimates: `sagemaker/us-east-1/ml.g4dn.xlarge`.
    public let reference: String

    /// Creates a row.
    public init(
        provider: ProviderKind, kind: Kind, region: String, machine: String, gpuModel: String?, gpuCount: Int,
        gpuMemoryGiB: Double?, vcpus: Int?, memoryGiB: Double?, onDemandUSDPerHour: Double, spotUSDPerHour: Double?,
        source: String
    ) {
        self.provider = provider
        self.kind = kind
        self.region = region
        self.machine = machine
        self.gpuModel = gpuModel
        self.gpuCount = gpuCount
        self.gpuMemoryGiB = gpuMemoryGiB
        self.vcpus = vcpus
        self.memoryGiB = memoryGiB
        self.onDemandUSDPerHour = onDemandUSDPerHour
        self.spotUSDPerHour = spotUSDPerHour
        self.source = source
        let name = kind == .accelerator ? "\(gpuModel ?? "?")x\(gpuCount)" : machine
        reference = "\(provider.rawValue)/\(region)/\(name)"
    }
}
