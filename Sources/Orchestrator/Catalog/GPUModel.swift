/// A GPU model's memory and training speed relative to the reference GPU (`gpu-throughput.csv`).
public struct GPUModel: Sendable, Hashable, Codable {
    /// The model name as the catalog spells it (`T4`, `A100-80GB`, `CPU` for CPU-only machines).
    public var name: String
    /// Memory per GPU in GiB.
    public var memoryGiB: Double
    /// Training throughput relative to the reference GPU (relative throughput 1.0).
    public var relativeThroughput: Double
    /// Where the figure comes from.
    public var source: String
}
