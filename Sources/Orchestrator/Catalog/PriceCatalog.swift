import Adapters
import Foundation

/// Prices of every machine Trainyard can route to, and the relative speed of every GPU model.
///
/// Loaded from `prices.csv` and `gpu-throughput.csv` (see `profiles/catalog/SOURCE.md`).
public struct PriceCatalog: Sendable {
    /// Every price row, in file order.
    public let rows: [CatalogRow]
    /// GPU models by name.
    public let gpuModels: [String: GPUModel]
    /// The model with relative throughput 1.0, against which `estimated_hours` is stated.
    public let referenceGPU: GPUModel

    /// Rows by provider, kind and lower-cased machine name.
    private let machineIndex: [MachineKey: [CatalogRow]]
    /// Accelerator rows by provider, region and lower-cased GPU model.
    private let acceleratorIndex: [AcceleratorKey: [CatalogRow]]
    /// GPU models by lower-cased name.
    private let modelIndex: [String: GPUModel]

    private struct MachineKey: Hashable {
        var provider: ProviderKind
        var kind: CatalogRow.Kind
        var machine: String
    }

    private struct AcceleratorKey: Hashable {
        var provider: ProviderKind
        var region: String
        var model: String
    }

    /// The files a catalog folder holds.
    public static let pricesFile = "prices.csv"
    public static let throughputFile = "gpu-throughput.csv"

    /// Loads the two catalog files from a folder.
    public static func load(directory: String) throws -> PriceCatalog {
        func read(_ name: String) throws -> String {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw CatalogError.notFound("cannot read \(path)")
            }
            return text
        }
        return try PriceCatalog(prices: read(pricesFile), throughput: read(throughputFile))
    }

    /// Parses catalog text; every row is checked and the first problem is reported with its line.
    public init(prices: String, throughput: String) throws {
        let models = try CatalogCSV.parseThroughput(throughput, file: Self.throughputFile)
        gpuModels = Dictionary(uniqueKeysWithValues: models.map { ($0.name, $0) })
        rows = try CatalogCSV.parsePrices(prices, file: Self.pricesFile, knownModels: gpuModels)
        modelIndex = Dictionary(models.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        machineIndex = Dictionary(grouping: rows.filter { $0.kind != .accelerator }) {
            MachineKey(provider: $0.provider, kind: $0.kind, machine: $0.machine.lowercased())
        }
        acceleratorIndex = Dictionary(grouping: rows.filter { $0.kind == .accelerator }) {
            AcceleratorKey(provider: $0.provider, region: $0.region, model: ($0.gpuModel ?? "").lowercased())
        }
        guard let reference = models.first(where: { $0.relativeThroughput == 1.0 }) else {
            throw CatalogError.malformed(file: Self.throughputFile, line: 1, message: "no GPU model has relative_throughput 1.0 (the reference)")
        }
        referenceGPU = reference
    }

    /// The GPU model called `name`, ignoring case.
    public func gpuModel(named name: String) -> GPUModel? {
        gpuModels[name] ?? modelIndex[name.lowercased()]
    }

    /// Prices the machine a target names.
    ///
    /// - Parameter pricePerGPUHour: a Kubernetes price per GPU hour that replaces the catalog's default.
    /// - Throws: ``CatalogError/unknownMachine(_:)`` when the catalog has no price for it: never a zero price.
    public func offer(for target: ComputeTarget, pricePerGPUHour: Double? = nil) throws -> MachineOffer {
        switch target.machine {
        case .instance(let type):
            let row = try machineRow(target.provider, region: target.region, machine: type)
            return MachineOffer(
                gpu: try model(of: row), gpuCount: row.gpuCount, onDemandUSDPerHour: row.onDemandUSDPerHour,
                spotUSDPerHour: row.spotUSDPerHour, basis: [PriceComponent(reference: row.reference, multiplier: 1)])
        case .hostWithAccelerator(let machineType, let accelerator, let count):
            let host = try machineRow(target.provider, region: target.region, machine: machineType, kind: .host)
            guard let accelerator else {
                return MachineOffer(
                    gpu: try cpuModel(), gpuCount: 0, onDemandUSDPerHour: host.onDemandUSDPerHour,
                    spotUSDPerHour: host.spotUSDPerHour, basis: [PriceComponent(reference: host.reference, multiplier: 1)])
            }
            let (gpuRow, scale) = try acceleratorRow(target.provider, region: target.region, model: accelerator, count: count)
            let gpu = try model(of: gpuRow)
            return MachineOffer(
                gpu: gpu, gpuCount: count,
                onDemandUSDPerHour: host.onDemandUSDPerHour + gpuRow.onDemandUSDPerHour * Double(scale),
                spotUSDPerHour: host.spotUSDPerHour.flatMap { hostSpot in gpuRow.spotUSDPerHour.map { hostSpot + $0 * Double(scale) } },
                basis: [PriceComponent(reference: host.reference, multiplier: 1), PriceComponent(reference: gpuRow.reference, multiplier: scale)])
        case .gpus(let modelName, let count):
            guard let modelName else {
                let row = try machineRow(target.provider, region: target.region, machine: "cpu")
                return MachineOffer(
                    gpu: try cpuModel(), gpuCount: 0, onDemandUSDPerHour: row.onDemandUSDPerHour,
                    spotUSDPerHour: row.spotUSDPerHour, basis: [PriceComponent(reference: row.reference, multiplier: 1)])
            }
            let canonical = gpuModel(named: modelName)?.name ?? modelName
            let row = try machineRow(target.provider, region: target.region, machine: "gpu-\(canonical)")
            let perGPU = pricePerGPUHour ?? row.onDemandUSDPerHour
            let basis = PriceComponent(reference: pricePerGPUHour == nil ? row.reference : "price_per_gpu_hour", multiplier: count)
            return MachineOffer(
                gpu: try model(of: row), gpuCount: count, onDemandUSDPerHour: perGPU * Double(count),
                spotUSDPerHour: pricePerGPUHour == nil ? row.spotUSDPerHour.map { $0 * Double(count) } : nil,
                basis: [basis])
        }
    }

    // MARK: Lookups

    private func machineRow(
        _ provider: ProviderKind, region: String, machine: String, kind: CatalogRow.Kind = .machine
    ) throws -> CatalogRow {
        let candidates = machineIndex[MachineKey(provider: provider, kind: kind, machine: machine.lowercased())] ?? []
        if let row = candidates.first(where: { $0.region == region }) ?? candidates.first(where: { $0.region == "*" }) {
            return row
        }
        guard !candidates.isEmpty else {
            let known = Set(rows.filter { $0.provider == provider && $0.kind == kind }.map(\.machine))
            let hint = EditDistance.suggestion(for: machine, among: known).map { "; did you mean '\($0)'?" } ?? ""
            throw CatalogError.unknownMachine("the catalog has no \(provider.rawValue) machine '\(machine)'\(hint)")
        }
        let regions = Set(candidates.map(\.region)).sorted().joined(separator: ", ")
        throw CatalogError.unknownMachine("the catalog has no price for \(provider.rawValue) '\(machine)' in \(region) (priced in: \(regions))")
    }

    private func acceleratorRow(
        _ provider: ProviderKind, region: String, model: String, count: Int
    ) throws -> (CatalogRow, scale: Int) {
        let candidates = acceleratorIndex[AcceleratorKey(provider: provider, region: region, model: model.lowercased())] ?? []
        if let exact = candidates.first(where: { $0.gpuCount == count }) { return (exact, 1) }
        if let single = candidates.first(where: { $0.gpuCount == 1 }) { return (single, count) }
        let known = Set(rows.filter { $0.provider == provider && $0.kind == .accelerator }.compactMap(\.gpuModel))
        guard known.contains(where: { $0.lowercased() == model.lowercased() }) else {
            let hint = EditDistance.suggestion(for: model, among: known).map { "; did you mean '\($0)'?" } ?? ""
            throw CatalogError.unknownMachine("the catalog has no \(provider.rawValue) accelerator '\(model)'\(hint)")
        }
        throw CatalogError.unknownMachine("the catalog has no price for \(provider.rawValue) accelerator '\(model)' in \(region)")
    }

    private func model(of row: CatalogRow) throws -> GPUModel {
        guard let name = row.gpuModel else { return try cpuModel() }
        guard let model = gpuModel(named: name) else {
            throw CatalogError.unknownMachine("GPU model '\(name)' has no throughput entry")
        }
        return model
    }

    private func cpuModel() throws -> GPUModel {
        guard let cpu = gpuModel(named: "CPU") else {
            throw CatalogError.unknownMachine("the throughput table has no 'CPU' row for CPU-only machines")
        }
        return cpu
    }
}
