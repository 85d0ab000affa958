import Adapters
import Testing
import TestSupport
@testable import Orchestrator

@Suite("Price catalog and cost")
struct CatalogTests {
    @Test("a 6-hour T4 run on ml.g4dn.xlarge costs 4.42 USD at 0.736 USD/h")
    func sageMakerT4() throws {
        let estimate = try CostEstimator(catalog: try Repository.catalog()).estimate(
            job(hours: 6), on: Candidate(target: ComputeTarget(provider: .sagemaker, region: "us-east-1", machine: .instance(type: "ml.g4dn.xlarge"))))
        #expect(estimate.pricePerHourUSD == 0.736)
        #expect(estimate.hours == 6)
        #expect(abs(estimate.totalUSD - 4.416) < 1e-9)
        #expect(estimate.offer.basis.map(\.description) == ["sagemaker/us-east-1/ml.g4dn.xlarge"])
        #expect(estimate.pricing == .onDemand)
    }

    @Test("a Vertex machine costs its host plus its accelerators in the same region")
    func vertexHostPlusAccelerator() throws {
        let catalog = try Repository.catalog()
        let single = try catalog.offer(for: ComputeTarget(provider: .vertex, region: "us-central1", machine: .hostWithAccelerator(machineType: "n1-standard-4", accelerator: "T4", count: 1)))
        #expect(abs(single.onDemandUSDPerHour - (0.19 + 0.35)) < 1e-9)
        #expect(single.basis.map(\.description) == ["vertex/us-central1/n1-standard-4", "vertex/us-central1/T4x1"])
        // Four T4s have their own row; two are scaled from the single-GPU row.
        let four = try catalog.offer(for: ComputeTarget(provider: .vertex, region: "us-central1", machine: .hostWithAccelerator(machineType: "n1-standard-16", accelerator: "T4", count: 4)))
        #expect(abs(four.onDemandUSDPerHour - (0.76 + 1.4)) < 1e-9)
        let two = try catalog.offer(for: ComputeTarget(provider: .vertex, region: "us-central1", machine: .hostWithAccelerator(machineType: "n1-standard-8", accelerator: "T4", count: 2)))
        #expect(abs(two.onDemandUSDPerHour - (0.38 + 2 * 0.35)) < 1e-9)
        #expect(two.basis.last?.description == "vertex/us-central1/T4x1 × 2")
        #expect(two.gpuCount == 2)
    }

    @Test("Kubernetes GPUs cost the profile's price per GPU hour, or the catalog default")
    func kubernetesPrice() throws {
        let catalog = try Repository.catalog()
        let target = ComputeTarget(provider: .kubernetes, region: "*", machine: .gpus(model: "T4", count: 2))
        #expect(abs(try catalog.offer(for: target, pricePerGPUHour: 0.3).onDemandUSDPerHour - 0.6) < 1e-9)
        #expect(abs(try catalog.offer(for: target).onDemandUSDPerHour - 2 * 0.526) < 1e-9)
        let anyRegion = ComputeTarget(provider: .kubernetes, region: "on-prem", machine: .gpus(model: "t4", count: 1))
        #expect(try catalog.offer(for: anyRegion).gpu.name == "T4")
    }

    @Test("platform workers are free and CPU workers have no GPU")
    func platform() throws {
        let catalog = try Repository.catalog()
        #expect(try catalog.offer(for: ComputeTarget(provider: .platform, region: "local", machine: .gpus(model: "A100", count: 1))).onDemandUSDPerHour == 0)
        let cpu = try catalog.offer(for: ComputeTarget(provider: .platform, region: "local", machine: .gpus(model: nil, count: 0)))
        #expect(cpu.gpu.name == "CPU")
        #expect(cpu.gpuCount == 0)
    }

    @Test("an unknown machine is an error, never a zero price")
    func unknownMachine() throws {
        let catalog = try Repository.catalog()
        #expect(throws: CatalogError.self) {
            try catalog.offer(for: ComputeTarget(provider: .sagemaker, region: "us-east-1", machine: .instance(type: "ml.nope.xlarge")))
        }
        #expect(throws: CatalogError.self) {
            try catalog.offer(for: ComputeTarget(provider: .azureml, region: "mars-1", machine: .instance(type: "Standard_NC4as_T4_v3")))
        }
        #expect(throws: CatalogError.self) {
            try catalog.offer(for: ComputeTarget(provider: .vertex, region: "us-central1", machine: .hostWithAccelerator(machineType: "n1-standard-4", accelerator: "H200", count: 1)))
        }
    }

    @Test("the shipped catalog holds every provider, and T4 is the reference GPU")
    func shippedCatalog() throws {
        let catalog = try Repository.catalog()
        #expect(Set(catalog.rows.map(\.provider)) == Set(ProviderKind.allCases))
        #expect(catalog.referenceGPU.name == "T4")
        #expect(catalog.rows.allSatisfy { !$0.source.isEmpty })
    }

    @Test("malformed catalog files name the line", arguments: [
        ("provider,kind\n", 1),
        (CatalogCSV.priceColumns.joined(separator: ",") + "\nsagemaker,machine,us-east-1,ml.x,T4,1,16,4,16,0.5\n", 2),
        (CatalogCSV.priceColumns.joined(separator: ",") + "\naws,machine,us-east-1,ml.x,T4,1,16,4,16,0.5,,src\n", 2),
        (CatalogCSV.priceColumns.joined(separator: ",") + "\nsagemaker,machine,us-east-1,ml.x,T4,1,16,4,16,-1,,src\n", 2),
        (CatalogCSV.priceColumns.joined(separator: ",") + "\nsagemaker,machine,us-east-1,ml.x,T4,1,16,4,16,1,,src\nsagemaker,machine,us-east-1,ml.y,Z9,1,16,4,16,1,,src\n", 3),
    ])
    func malformedCatalog(_ prices: String, _ line: Int) throws {
        let throughput = "gpu_model,gpu_memory_gib,relative_throughput,source\nT4,16,1.0,ref\nCPU,0,0.05,cpu\n"
        let error = #expect(throws: CatalogError.self) { try PriceCatalog(prices: prices, throughput: throughput) }
        guard case .malformed(_, let reported, _)? = error else {
            Issue.record("expected a malformed-catalog error, got \(String(describing: error))")
            return
        }
        #expect(reported == line)
    }
}

@Suite("Estimates")
struct EstimateTests {
    let estimator: CostEstimator
    let sagemakerA100 = Candidate(target: ComputeTarget(provider: .sagemaker, region: "us-east-1", machine: .instance(type: "ml.p4d.24xlarge")))

    init() throws { estimator = CostEstimator(catalog: try Repository.catalog()) }

    @Test("hours scale with the GPU's relative throughput and the GPUs the job uses")
    func speedup() throws {
        let one = try estimator.estimate(job(hours: 9.42, gpus: 1), on: sagemakerA100)
        #expect(abs(one.speedup - 4.71) < 1e-9)
        #expect(abs(one.hours - 2) < 1e-9)
        let four = try estimator.estimate(job(hours: 9.42, gpus: 4), on: sagemakerA100)
        #expect(abs(four.hours - 0.5) < 1e-9)
        #expect(abs(four.totalUSD - 0.5 * 25.251288) < 1e-9)
        #expect(four.hoursSource == .hint)
        #expect(four.referenceGPU == "T4")
    }

    @Test("a CPU-only job takes its stated hours anywhere")
    func cpuOnly() throws {
        let estimate = try estimator.estimate(job(hours: 3, gpus: 0), on: sagemakerA100)
        #expect(estimate.hours == 3)
        #expect(estimate.notes.contains { $0.contains("CPU-only") })
    }

    @Test("spot prices apply when asked for; a missing spot price falls back to on-demand with a note")
    func spot() throws {
        let azure = Candidate(target: ComputeTarget(provider: .azureml, region: "eastus", machine: .instance(type: "Standard_NC4as_T4_v3"), spot: true))
        let spot = try estimator.estimate(job(hours: 10), on: azure)
        #expect(spot.pricing == .spot)
        #expect(spot.pricePerHourUSD == 0.062699)
        var sagemaker = sagemakerA100
        sagemaker.target.spot = true
        let onDemand = try estimator.estimate(job(hours: 10), on: sagemaker)
        #expect(onDemand.pricing == .onDemand)
        #expect(onDemand.notes.contains { $0.contains("no spot price") })
    }

    @Test("machines without enough GPUs or GPU memory, and jobs without hours, are refused with a code")
    func refusals() {
        let t4 = Candidate(target: ComputeTarget(provider: .sagemaker, region: "us-east-1", machine: .instance(type: "ml.g4dn.xlarge")))
        #expect(throws: EstimateError.insufficientGPUs("needs 2 GPU(s), ml.g4dn.xlarge has 1")) { try estimator.estimate(job(gpus: 2), on: t4) }
        #expect(throws: EstimateError.insufficientGPUMemory("needs 24 GiB per GPU, T4 has 16 GiB")) { try estimator.estimate(job(memory: 24), on: t4) }
        #expect((try? estimator.estimate(job(hours: nil), on: t4)) == nil)
        #expect(EstimateError.noRuntimeEstimate("x").code == "estimate.no_runtime_estimate")
    }
}
