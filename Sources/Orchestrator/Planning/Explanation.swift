import Foundation

/// The routing decision as users read it: `trainyard explain` and `POST /v1/estimates`.
public struct Explanation: Sendable, Hashable, Codable {
    public var profile: String
    public var strategy: RoutingStrategy
    public var chosen: Placement?
    public var candidates: [Row]

    enum CodingKeys: String, CodingKey {
        case profile, strategy, chosen, candidates
    }

    /// Writes a missing choice as `"chosen": null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(profile, forKey: .profile)
        try container.encode(strategy, forKey: .strategy)
        try container.encode(chosen, forKey: .chosen)
        try container.encode(candidates, forKey: .candidates)
    }

    /// Where the job goes.
    public struct Placement: Sendable, Hashable, Codable {
        public var provider: String
        public var machine: String
        public var region: String
    }

    /// One candidate with its estimate and verdict.
    public struct Row: Sendable, Hashable, Codable {
        public var provider: String
        public var machine: String
        public var region: String
        public var spot: Bool
        public var estimatedHours: Double?
        public var estimatedCostUSD: Double?
        public var eligible: Bool
        public var rank: Int?
        public var reason: String
        /// The stable code of a rejection.
        public var rejection: String?
        /// The estimate's inputs: price, pricing, speedup, hours source, catalog rows, notes.
        public var estimate: Inputs?

        enum CodingKeys: String, CodingKey {
            case provider, machine, region, spot, eligible, rank, reason, rejection, estimate
            case estimatedHours = "estimated_hours"
            case estimatedCostUSD = "estimated_cost_usd"
        }

        /// Writes absent values as `null` so every row has every key.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(provider, forKey: .provider)
            try container.encode(machine, forKey: .machine)
            try container.encode(region, forKey: .region)
            try container.encode(spot, forKey: .spot)
            try container.encode(estimatedHours, forKey: .estimatedHours)
            try container.encode(estimatedCostUSD, forKey: .estimatedCostUSD)
            try container.encode(eligible, forKey: .eligible)
            try container.encode(rank, forKey: .rank)
            try container.encode(reason, forKey: .reason)
            try container.encode(rejection, forKey: .rejection)
            try container.encode(estimate, forKey: .estimate)
        }
    }

    /// What an estimate was computed from.
    public struct Inputs: Sendable, Hashable, Codable {
        public var pricePerHourUSD: Double
        public var pricing: String
        public var gpu: String
        public var gpuCount: Int
        public var speedup: Double
        public var referenceHours: Double
        public var hoursSource: String
        public var catalogRows: [String]
        public var notes: [String]

        enum CodingKeys: String, CodingKey {
            case pricing, gpu, speedup, notes
            case pricePerHourUSD = "price_per_hour_usd"
            case gpuCount = "gpu_count"
            case referenceHours = "reference_hours"
            case hoursSource = "hours_source"
            case catalogRows = "catalog_rows"
        }
    }

    /// Builds the explanation of a plan.
    public init(_ plan: RoutingPlan) {
        profile = plan.profile
        strategy = plan.strategy
        chosen = plan.chosen.map { Placement(provider: $0.target.provider.rawValue, machine: $0.target.machine.description, region: $0.target.region) }
        candidates = plan.candidates.map { planned in
            Row(
                provider: planned.target.provider.rawValue, machine: planned.target.machine.description,
                region: planned.target.region, spot: planned.target.spot,
                estimatedHours: planned.estimate.map { Self.rounded($0.hours, 4) },
                estimatedCostUSD: planned.estimate.map { Self.rounded($0.totalUSD, 4) },
                eligible: planned.eligible, rank: planned.rank, reason: planned.reason, rejection: planned.rejection,
                estimate: planned.estimate.map { estimate in
                    Inputs(
                        pricePerHourUSD: estimate.pricePerHourUSD, pricing: estimate.pricing.rawValue,
                        gpu: estimate.offer.gpu.name, gpuCount: estimate.offer.gpuCount, speedup: Self.rounded(estimate.speedup, 4),
                        referenceHours: estimate.referenceHours,
                        hoursSource: "\(estimate.hoursSource.rawValue) (\(Format.number(estimate.referenceHours)) h on one \(estimate.referenceGPU))",
                        catalogRows: estimate.offer.basis.map(\.description), notes: estimate.notes)
                })
        }
    }

    /// The explanation as pretty JSON with sorted keys.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The explanation as a table for a terminal.
    public func table() -> String {
        let header = ["#", "provider", "machine", "region", "spot", "hours", "cost USD", "verdict"]
        let rows = candidates.map { row in
            [
                row.rank.map(String.init) ?? "-", row.provider, row.machine, row.region, row.spot ? "yes" : "no",
                row.estimatedHours.map { Format.fixed($0, decimals: 2) } ?? "-",
                row.estimatedCostUSD.map { Format.fixed($0, decimals: 2) } ?? "-",
                row.eligible ? row.reason : "rejected: \(row.reason)",
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        let choice = chosen.map { "\($0.provider) \($0.machine) in \($0.region)" } ?? "nothing: no candidate is eligible"
        return (["profile \(profile) (strategy \(strategy.rawValue)) → \(choice)", line(header)] + rows.map(line)).joined(separator: "\n")
    }

    private static func rounded(_ value: Double, _ places: Int) -> Double {
        let scale = pow(10.0, Double(places))
        return (value * scale).rounded() / scale
    }
}
