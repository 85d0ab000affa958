@testable import Adapters
import Credentials
import Foundation
import Testing
import TestSupport

/// Vertex AI against the spec-driven simulator: the discovery document validates every body, bearer tokens come from
/// the simulator's JWT-bearer token endpoint after it verified the assertion's RS256 signature and claims.
@Suite("Vertex AI adapter against the provider simulator", .serialized,
       .enabled(if: ProviderSimulator.isAvailable, "aiohttp is installed in the test venv by make test"))
final class VertexAdapterTests {
    let fixture: SimulatorFixture
    let adapter: VertexAdapter

    init() async throws {
        fixture = try await SimulatorFixture()
        adapter = VertexAdapter(client: fixture.client)
    }

    func target(spot: Bool = false, deadline: Double? = nil, output: String? = "gs://acme-models/trainyard") -> ComputeTarget {
        ComputeTarget(
            provider: .vertex, region: "us-central1", machine: .hostWithAccelerator(machineType: "g2-standard-8", accelerator: "L4", count: 1),
            spot: spot, credentials: "gcp", endpoint: fixture.endpoint,
            settings: .vertex(VertexSettings(outputURI: output, maxRuntimeHours: 3, image: "us-docker.pkg.dev/acme/trainyard:0.6")),
            queueingDeadlineSeconds: deadline)
    }

    @Test("a job submits with labels, walks QUEUED → RUNNING → SUCCEEDED with times, and the body carries the launch")
    func lifecycle() async throws {
        let credential = try fixture.gcp()
        let spec = fixture.spec(target(spot: true), trainer: "mlp", dataset: "gs://acme-data/iris.csv", checkpointURI: "gs://acme-ckpt/acme/jobs/j/checkpoints/")
        let id = try await adapter.submit(spec, credentials: credential)
        #expect(id.rawValue.contains("/locations/us-central1/customJobs/"))
        #expect(try await adapter.status(of: id, at: spec.target, credentials: credential).state == .queued)
        try await fixture.simulator.advanceClock(by: 100)
        let running = try await adapter.status(of: id, at: spec.target, credentials: credential)
        #expect(running.state == .running && running.startedAt != nil)
        try await fixture.simulator.advanceClock(by: 1000)
        let done = try await adapter.status(of: id, at: spec.target, credentials: credential)
        #expect(done.state == .completed && done.providerState == "JOB_STATE_SUCCEEDED" && done.endedAt != nil)

        let create = try #require(try await fixture.simulator.requests(provider: "vertex").first { $0.operation == "CreateCustomJob" })
        let body = try #require(create.body)
        #expect(body["jobSpec.workerPoolSpecs.0.machineSpec.acceleratorType"]?.string == "NVIDIA_L4")
        #expect(body["jobSpec.workerPoolSpecs.0.replicaCount"]?.string == "1")
        #expect(body["jobSpec.scheduling.strategy"]?.string == "SPOT")
        #expect(body["jobSpec.scheduling.timeout"]?.string == "10800s")
        #expect(body["jobSpec.baseOutputDirectory.outputUriPrefix"]?.string == "gs://acme-models/trainyard")
        #expect(body["labels.trainyard-job"]?.string == JobNaming.labelValue(spec.jobID))
        #expect(body["jobSpec.workerPoolSpecs.0.containerSpec.command.0"]?.string == "trainyard")
        let arguments = body["jobSpec.workerPoolSpecs.0.containerSpec.command"]
        #expect("\(String(describing: arguments))".contains("/gcs/acme-data/iris.csv"), "the dataset is read through Cloud Storage FUSE")
    }

    @Test("a repeated submission finds the first job by its labels instead of creating a second")
    func idempotentSubmit() async throws {
        let credential = try fixture.gcp()
        let spec = fixture.spec(target())
        let first = try await adapter.submit(spec, credentials: credential)
        #expect(try await adapter.submit(spec, credentials: credential) == first)
        #expect(try await fixture.simulator.jobs(provider: "vertex").count == 1)
        var next = spec
        next.attempt = 2
        #expect(try await adapter.submit(next, credentials: credential) != first, "another attempt is another job")
    }

    @Test("cancel: CANCELLING then CANCELLED; cancelling a finished job is not an error")
    func cancel() async throws {
        let credential = try fixture.gcp()
        let spec = fixture.spec(target())
        let id = try await adapter.submit(spec, credentials: credential)
        try await fixture.simulator.advanceClock(by: 100)
        try await adapter.cancel(id, at: spec.target, credentials: credential)
        #expect(try await adapter.status(of: id, at: spec.target, credentials: credential).providerState == "JOB_STATE_CANCELLING")
        try await fixture.simulator.advanceClock(by: 60)
        #expect(try await adapter.status(of: id, at: spec.target, credentials: credential).state == .cancelled)
        try await adapter.cancel(id, at: spec.target, credentials: credential)
    }

    @Test("stockout, expiry and preemption are capacity failures; a job queued past the deadline is too")
    func capacity() async throws {
        let credential = try fixture.gcp()
        for scenario in ["stockout", "expired"] {
            try await fixture.simulator.queueScenario(scenario, provider: "vertex")
            let spec = fixture.spec(target())
            let id = try await adapter.submit(spec, credentials: credential)
            try await fixture.simulator.advanceClock(by: 4000)
            let status = try await adapter.status(of: id, at: spec.target, credentials: credential)
            #expect(status.state == .failed && status.failureClass == .capacity, "\(scenario): \(status)")
        }
        try await fixture.simulator.queueScenario("algorithm-error", provider: "vertex")
        let failing = fixture.spec(target())
        let failed = try await adapter.submit(failing, credentials: credential)
        try await fixture.simulator.advanceClock(by: 4000)
        #expect(try await adapter.status(of: failed, at: failing.target, credentials: credential).failureClass == .invalid)

        let running = fixture.spec(target())
        let id = try await adapter.submit(running, credentials: credential)
        try await fixture.simulator.advanceClock(by: 200)
        try await fixture.simulator.interrupt(provider: "vertex", id: String(id.rawValue.split(separator: "/").last!), interruption: "preemption")
        let preempted = try await adapter.status(of: id, at: running.target, credentials: credential)
        #expect(preempted.state == .failed && preempted.failureClass == .capacity)

        // A job still queued when the adapter's clock is past the profile's deadline lost the race for capacity.
        try await fixture.simulator.queueScenario("stuck-queued", provider: "vertex")
        let stuck = fixture.spec(target(deadline: 1800))
        let stuckID = try await adapter.submit(stuck, credentials: credential)
        #expect(try await adapter.status(of: stuckID, at: stuck.target, credentials: credential).state == .queued)
        let late = VertexAdapter(client: fixture.client, now: { Date().addingTimeInterval(86_400) })
        let status = try await late.status(of: stuckID, at: stuck.target, credentials: credential)
        #expect(status.state == .failed && status.failureClass == .capacity && status.providerState == "JOB_STATE_QUEUED")
    }

    @Test("error answers are classified: quota and rate limits are both 429 but not the same class")
    func errorClassification() async throws {
        let credential = try fixture.gcp()
        let cases: [(String, ErrorClass)] = [
            ("QUOTA_EXCEEDED", .quota), ("RATE_LIMITED", .retryable), ("INTERNAL", .retryable), ("UNAVAILABLE", .retryable),
            ("DEADLINE_EXCEEDED", .retryable), ("UNAUTHENTICATED", .credentials), ("PERMISSION_DENIED", .credentials),
            ("INVALID_ARGUMENT", .invalid), ("NOT_FOUND", .invalid),
        ]
        for (fault, errorClass) in cases {
            try await fixture.simulator.inject(fault, provider: "vertex", operation: "CreateCustomJob")
            let error = await adapterError { _ = try await self.adapter.submit(self.fixture.spec(self.target()), credentials: credential) }
            #expect(error?.errorClass == errorClass, "\(fault): \(String(describing: error))")
        }
    }

    @Test("validation exchanges a token and lists one job; a key the token endpoint refuses is reported")
    func validate() async throws {
        let good = try await adapter.validateCredentials(try fixture.gcp(), for: target())
        #expect(good.valid && good.identity == fixture.simulator.credentials.gcp["client_email"])
        let bad = try await VertexAdapter(client: fixture.client).validateCredentials(try fixture.gcp(privateKeyID: "0000"), for: target())
        #expect(!bad.valid)
        #expect(bad.message?.contains("invalid_grant") == true, "\(String(describing: bad.message))")
    }

    @Test("a candidate without a gs:// output_uri is refused before any call")
    func missingOutput() async throws {
        let error = await adapterError { _ = try await self.adapter.submit(self.fixture.spec(self.target(output: nil)), credentials: try self.fixture.gcp()) }
        #expect(error?.code == "MissingOutputURI")
        #expect(try await fixture.simulator.requests(provider: "vertex").isEmpty)
    }
}
