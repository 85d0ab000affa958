import Adapters

/// Estimates hours and cost of a job on a candidate from the price catalog.
///
/// Hours are the job's hours on one reference GPU divided by the candidate's speedup: the GPU model's
/// relative throughput times the GPUs the job uses (data-parallel, linear). A CPU-only job (`gpus: 0`)
/// takes its stated hours anywhere. Cost is hours × the machine's price per hour (spot when the
/// candidate asks for spot and the catalog has a spot price).
public struct CostEstimator: Sendable {
    /// The catalog that prices machines.
    public let catalog: PriceCatalog

    /// Creates an estimator over a catalog.
    public init(catalog: PriceCatalog) {
        self.catalog = catalog
    }

    /// Estimates `job` on `candidate`.
    ///
    /// - Throws: ``EstimateError`` when the machine is unknown, lacks GPUs or GPU memory for the job,
    ///   or the job has no runtime estimate.
    public func estimate(_ job: JobSpec, on candidate: Candidate) throws(EstimateError) -> CostEstimate {
        let offer: MachineOffer
        do {
            offer = try catalog.offer(for: candidate.target, pricePerGPUHour: candidate.pricePerGPUHour)
        } catch let error as CatalogError {
            throw .unpriced(error.description)
        } catch {
            throw .unpriced("\(error)")
        }
        if job.resources.gpus > offer.gpuCount {
            throw .insufficientGPUs("needs \(job.resources.gpus) GPU(s), \(candidate.target.machine) has \(offer.gpuCount)")
        }
        if let needed = job.resources.gpuMemoryGiB, job.resources.gpus > 0, needed > offer.gpu.memoryGiB {
            throw .insufficientGPUMemory(
                "needs \(Format.number(needed)) GiB per GPU, \(offer.gpu.name) has \(Format.number(offer.gpu.memoryGiB)) GiB")
        }
        guard let referenceHours = job.estimatedHours else {
            throw .noRuntimeEstimate("job '\(job.name)' has no estimated_hours and no runtime history to learn from")
        }
        var notes: [String] = []
        let speedup: Double
        if job.resources.gpus == 0 {
            speedup = 1
            notes.append("CPU-only job: hours do not depend on the GPU")
        } else {
            speedup = offer.gpu.relativeThroughput * Double(job.resources.gpus)
        }
        var pricing = CostEstimate.Pricing.onDemand
        var price = offer.onDemandUSDPerHour
        if candidate.target.spot {
            if let spot = offer.spotUSDPerHour {
                pricing = .spot
                price = spot
            } else {
                notes.append("no spot price in the catalog: on-demand price used")
            }
        }
        let hours = referenceHours / speedup
        return CostEstimate(
            hours: hours, referenceHours: referenceHours,
            hoursSource: .hint, referenceGPU: catalog.referenceGPU.name,
            speedup: speedup, pricePerHourUSD: price, pricing: pricing, totalUSD: hours * price,
            offer: offer, notes: notes)
    }
}

/// Why a candidate could not be estimated.
public enum EstimateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The catalog has no price for the machine.
    case unpriced(String)
    /// The machine has fewer GPUs than the job uses.
    case insufficientGPUs(String)
    /// The machine's GPUs have less memory than the job needs.
    case insufficientGPUMemory(String)
    /// Neither a hint nor history gives the job's runtime.
    case noRuntimeEstimate(String)

    /// A stable error code.
    public var code: String {
        switch self {
        case .unpriced: "estimate.unpriced"
        case .insufficientGPUs: "estimate.insufficient_gpus"
        case .insufficientGPUMemory: "estimate.insufficient_gpu_memory"
        case .noRuntimeEstimate: "estimate.no_runtime_estimate"
        }
    }

    public var description: String {
        switch self {
        case .unpriced(let message), .insufficientGPUs(let message), .insufficientGPUMemory(let message),
             .noRuntimeEstimate(let message):
            message
        }
    }
}
