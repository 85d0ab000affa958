import Adapters
import Foundation
import Orchestrator

/// Routing decisions per second: a five-candidate profile (one per provider) planned with full estimation.
enum RoutingBenchmark {
    static let goal = 100_000.0

    static func run(repositoryRoot: String) throws {
        let catalog = try PriceCatalog.load(directory: "\(repositoryRoot)/profiles/catalog")
        let profile = try ProfileParser(catalog: catalog).parse("""
            name: bench
            strategy: cheapest
            candidates:
              - {provider: platform, gpu: T4}
              - {provider: sagemaker, credentials: aws, region: us-east-1, instance_type: ml.g5.xlarge, spot: true}
              - {provider: vertex, credentials: gcp, region: us-central1, machine_type: g2-standard-4, accelerator: L4}
              - {provider: azureml, credentials: az, region: eastus, instance_type: Standard_NC24ads_A100_v4}
              - {provider: kubernetes, credentials: k8s, gpu: A10G, price_per_gpu_hour: 0.9}
            limits: {max_cost_per_job_usd: 50, monthly_budget_usd: 1000, max_concurrent_jobs: 100}
            """, file: "bench.yaml")
        let job = JobSpec(name: "bench", workload: .trainer("mlp"), resources: ResourceRequest(gpus: 1, gpuMemoryGiB: 12),
                          estimatedHours: 6, maxCostUSD: 30)
        let planner = RoutePlanner(estimator: CostEstimator(catalog: catalog))
        let context = PlanningContext(activeJobsByCandidate: [1: 3, 4: 1], monthSpendUSD: 120, registeredCredentials: ["aws", "gcp", "az", "k8s"])
        var chosen = 0
        let result = Measure.throughput(seconds: 3, batch: 1000) {
            if planner.plan(job, profile: profile, context: context).chosen != nil { chosen += 1 }
        }
        precondition(chosen > 0, "the benchmark profile must route")
        print(String(format: "routing: %.0f decisions/s (five candidates with estimation, one core; goal >= %.0f): ratio to goal %.2f",
                     result.perSecond, goal, result.perSecond / goal))
    }
}
