/// What one candidate would cost and how long it would take, with every input stated.
public struct CostEstimate: Sendable, Hashable, Codable {
    /// Estimated wall-clock hours on this candidate.
    public var hours: Double
    /// Hours on one reference GPU, the input the time estimate scales.
    public var referenceHours: Double
    /// Where ``referenceHours`` comes from.
    public var hoursSource: HoursSource
    /// The GPU model ``referenceHours`` is stated for.
    public var referenceGPU: String
    /// How much faster than one reference GPU this candidate runs the job.
    public var speedup: Double
    /// The price used, USD per hour.
    public var pricePerHourUSD: Double
    /// `spot` or `on-demand`.
    public var pricing: Pricing
    /// hours × price per hour.
    public var totalUSD: Double
    /// The priced machine.
    public var offer: MachineOffer
    /// Anything the reader should know (a missing spot price, CPU-only work).
    public var notes: [String]

    /// Where a job's reference hours come from.
    public enum HoursSource: String, Sendable, Hashable, Codable {
        /// The job's own `estimated_hours`.
        case hint = "estimated_hours hint"
    }

    /// Which price applies.
    public enum Pricing: String, Sendable, Hashable, Codable {
        case spot
        case onDemand = "on-demand"
    }
}
