import Adapters
import AsyncHTTPClient
import Credentials
import Foundation
import Orchestrator
import Testing
import TestSupport

/// The router with the real adapters against the simulator: a `preferred` profile SageMaker → Vertex AI → Kubernetes
/// falls back before a run (quota, stockout) and during one (spot capacity lost), resuming from the job's checkpoints.
@Suite("Fallback across providers end to end", .serialized,
       .enabled(if: ProviderSimulator.isAvailable, "aiohttp is installed in the test venv by make test"))
final class FallbackEndToEndTests {
    let fixture: SimulatorFixture
    let profile: ComputeProfile
    /// The profile's text, which jobs keep and the status sync reads.
    let profileSource: String
    let catalog: PriceCatalog
    let planner: RoutePlanner

    init() async throws {
        fixture = try await SimulatorFixture()
        catalog = try PriceCatalog.load(directory: Repository.path("profiles/catalog"))
        let endpoint = fixture.endpoint
        profileSource = """
            name: multicloud
            strategy: preferred
            candidates:
              - provider: sagemaker
                credentials: aws
                region: us-east-1
                instance_type: ml.g5.xlarge
                spot: true
                role_arn: arn:aws:iam::123456789012:role/TrainyardTraining
                output_uri: s3://acme-models/trainyard
                image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/trainyard:0.6
                endpoint: \(endpoint)
              - provider: vertex
                credentials: gcp
                region: us-central1
                machine_type: g2-standard-4
                accelerator: L4
                output_uri: gs://acme-models/trainyard
                image: us-docker.pkg.dev/acme/trainyard:0.6
                endpoint: \(endpoint)
              - provider: kubernetes
                credentials: k8s
                gpu: A10G
                namespace: training
                image: registry.acme.internal/trainyard:0.6
                node_selector: {gpu: a10g}
                endpoint: \(endpoint)
            """
        profile = try ProfileParser(catalog: catalog).parse(profileSource, file: "multicloud.yaml")
        planner = RoutePlanner(estimator: CostEstimator(catalog: catalog))
    }

    struct SimulatorCredentials: CredentialSource {
        let credentials: [String: CloudCredential]

        func credential(organization: String, name: String) async throws -> CloudCredential {
            guard organization == "acme", let credential = credentials[name] else { throw VaultError.notFound(name: name) }
            return credential
        }
    }

    func router(_ store: JobStore) throws -> Router {
        let client = fixture.client
        return Router(
            adapters: [SageMakerAdapter(client: client), VertexAdapter(client: client), KubernetesAdapter(client: client)], store: store,
            credentials: SimulatorCredentials(credentials: ["aws": try fixture.aws(), "gcp": try fixture.gcp(), "k8s": try fixture.kubernetes()]),
            sleep: { _ in }, checkpointRoot: "s3://acme-ckpt")
    }

    func submit(_ store: JobStore) async throws -> (JobRecord, RoutingPlan) {
        let spec = JobSpec(name: "resnet", workload: .trainer("mlp"), dataset: "s3://acme-data/iris.csv", config: ["epochs": .int(30)],
                           resources: ResourceRequest(gpus: 1), estimatedHours: 2)
        let plan = planner.plan(spec, profile: profile)
        let created = try await store.createJob(NewJob(organization: "acme", profile: profile.name, spec: spec, profileSource: profileSource)).job
        return (created, plan)
    }

    @Test("SageMaker answers ResourceLimitExceeded, Vertex AI stocks out: the job lands on Kubernetes")
    func beforeTheRun() async throws {
        let store = try await JobStore.openSQLite(path: "\(try Repository.temporaryFolder("fallback"))/state.db")
        let router = try router(store)
        let (created, plan) = try await submit(store)
        try await fixture.simulator.inject("ResourceLimitExceeded", provider: "sagemaker", operation: "CreateTrainingJob")
        try await fixture.simulator.queueScenario("stockout", provider: "vertex")

        let onVertex = try await router.route(created, plan: plan, fallback: profile.fallback)
        #expect(onVertex.state == .running && onVertex.provider == .vertex)
        try await fixture.simulator.advanceClock(by: 300)
        let vertexTarget = try #require(plan.candidates.first { $0.target.provider == .vertex }?.target)
        let status = try await VertexAdapter(client: fixture.client).status(of: try #require(onVertex.providerJobID), at: vertexTarget, credentials: try fixture.gcp())
        #expect(status.state == .failed && status.failureClass == .capacity)

        let landed = try await router.resubmitAfterLoss(onVertex, plan: plan, fallback: profile.fallback, status: status)
        #expect(landed.state == .running && landed.provider == .kubernetes)
        let attempts = try await store.attempts(jobID: created.id)
        #expect(attempts.map(\.provider) == [.sagemaker, .vertex, .vertex, .kubernetes])
        #expect(attempts.map(\.outcome) == [.failed, .submitted, .failed, .submitted])
        #expect(attempts.compactMap(\.errorClass) == [.quota, .capacity], "two failed attempts, each with its class")
        #expect(try await fixture.simulator.jobs(provider: "kubernetes").count == 1)
        try await store.close()
    }

    @Test("spot capacity lost mid-run on SageMaker resubmits to Vertex AI with the same checkpoint prefix and --resume")
    func duringTheRun() async throws {
        let store = try await JobStore.openSQLite(path: "\(try Repository.temporaryFolder("fallback"))/state.db")
        let router = try router(store)
        let (created, plan) = try await submit(store)
        let onSageMaker = try await router.route(created, plan: plan, fallback: profile.fallback)
        #expect(onSageMaker.provider == .sagemaker)
        try await fixture.simulator.advanceClock(by: 200)
        let jobName = try #require(onSageMaker.providerJobID)
        try await fixture.simulator.interrupt(provider: "sagemaker", id: jobName.rawValue, interruption: "capacity-lost")
        let sageMakerTarget = try #require(plan.candidates.first { $0.target.provider == .sagemaker }?.target)
        let status = try await SageMakerAdapter(client: fixture.client).status(of: jobName, at: sageMakerTarget, credentials: try fixture.aws())
        #expect(status.state == .failed && status.failureClass == .capacity)

        let moved = try await router.resubmitAfterLoss(onSageMaker, plan: plan, fallback: profile.fallback, status: status)
        #expect(moved.provider == .vertex && moved.state == .running)

        let checkpoints = "s3://acme-ckpt/acme/jobs/\(created.id)/checkpoints/"
        let sageMakerBody = try #require(try await fixture.simulator.requests(provider: "sagemaker").first { $0.operation == "CreateTrainingJob" }?.body)
        #expect(sageMakerBody["CheckpointConfig.S3Uri"]?.string == checkpoints)
        let vertexBody = try #require(try await fixture.simulator.requests(provider: "vertex").first { $0.operation == "CreateCustomJob" }?.body)
        let container = try #require(vertexBody["jobSpec.workerPoolSpecs.0.containerSpec"])
        guard case .array(let env)? = container["env"], case .array(let command)? = container["command"] else {
            Issue.record("no env or command in \(container)")
            return
        }
        #expect(env.contains { $0["name"]?.string == "TRAINYARD_CHECKPOINT_URI" && $0["value"]?.string == checkpoints })
        #expect(command.contains(.string("--resume")))
        let attempts = try await store.attempts(jobID: created.id)
        #expect(attempts.map(\.outcome) == [.submitted, .failed, .submitted])
        #expect(attempts[1].errorClass == .capacity && attempts[1].provider == .sagemaker)
        try await store.close()
    }

    @Test("the status sync follows a run through the simulator's states: spot capacity lost on SageMaker moves it to Vertex AI, where it completes")
    func statusSync() async throws {
        let store = try await JobStore.openSQLite(path: "\(try Repository.temporaryFolder("sync"))/state.db")
        let router = try router(store)
        let sync = StatusSync(store: store, router: router, catalog: catalog)
        let (created, plan) = try await submit(store)
        let onSageMaker = try await router.route(created, plan: plan, fallback: profile.fallback)
        #expect(onSageMaker.provider == .sagemaker)

        try await fixture.simulator.advanceClock(by: 120)
        var report = try await sync.cycle()
        #expect(report.polled == 1 && report.errors.isEmpty, "\(report.errors)")
        #expect(try await store.job(id: created.id, organization: "acme")?.lastSyncedAt != nil)

        try await fixture.simulator.interrupt(provider: "sagemaker", id: try #require(onSageMaker.providerJobID).rawValue, interruption: "capacity-lost")
        try await sync.cycle()
        let moved = try #require(try await store.job(id: created.id, organization: "acme"))
        #expect(moved.provider == .vertex && moved.state == .running)

        try await fixture.simulator.advanceClock(by: 100_000)
        report = try await sync.cycle()
        let finished = try #require(try await store.job(id: created.id, organization: "acme"))
        #expect(finished.state == .completed, "\(String(describing: finished.reason)) \(report.errors)")
        #expect((finished.costSoFarUSD ?? 0) > 0, "runtime × the catalog price")
        try await store.close()
    }
}
