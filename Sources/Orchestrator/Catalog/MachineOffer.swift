/// A priced machine: what one candidate would run on, per hour, according to the catalog.
public struct MachineOffer: Sendable, Hashable, Codable {
    /// The GPU model (`CPU` for a CPU-only machine).
    public var gpu: GPUModel
    /// GPUs on the machine (0 for CPU only).
    public var gpuCount: Int
    /// On-demand price of the whole machine, USD per hour.
    public var onDemandUSDPerHour: Double
    /// Spot or preemptible price, USD per hour, when the catalog has one.
    public var spotUSDPerHour: Double?
    /// The prices the offer adds up.
    public var basis: [PriceComponent]
}

/// One term of a machine's price: a catalog row (or the profile's own price) times a count.
public struct PriceComponent: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The catalog row's reference (`vertex/us-central1/T4x1`), or `price_per_gpu_hour` for a profile's price.
    public var reference: String
    /// How many times the price counts (GPUs priced per GPU).
    public var multiplier: Int

    /// `vertex/us-central1/T4x1 × 2`.
    public var description: String { multiplier == 1 ? reference : "\(reference) × \(multiplier)" }
}
