@testable import Adapters
import Credentials
import Foundation
import Testing
import TestSupport

/// Azure ML against the spec-driven simulator: the 2025-12-01 swagger validates every job body, ARM bearer tokens
/// come from the simulator's client-credentials token endpoint.
@Suite("Azure ML adapter against the provider simulator", .serialized,
       .enabled(if: ProviderSimulator.isAvailable, "aiohttp is installed in the test venv by make test"))
final class AzureMLAdapterTests {
    let fixture: SimulatorFixture
    let adapter: AzureMLAdapter

    init() async throws {
        fixture = try await SimulatorFixture()
        adapter = AzureMLAdapter(client: fixture.client)
    }

    /// A container job in a registered Azure ML environment.
    func spec(_ target: ComputeTarget) -> ProviderJobSpec {
        fixture.spec(target, image: "azureml:pytorch-train:3")
    }

    func target(spot: Bool = false, deadline: Double? = nil, workspace: String = "trainyard-ws", image: String = "azureml:trainyard:6") -> ComputeTarget {
        ComputeTarget(
            provider: .azureml, region: "eastus", machine: .instance(type: "Standard_NC24ads_A100_v4"), spot: spot, credentials: "azure",
            endpoint: fixture.endpoint,
            settings: .azureml(AzureMLSettings(resourceGroup: "ml-rg", workspace: workspace, compute: "gpu-cluster",
                                               outputURI: "azureml://datastores/workspaceblobstore/paths/trainyard", maxRuntimeHours: 2, image: image)),
            queueingDeadlineSeconds: deadline)
    }

    @Test("a command job is created, walks Queued → Running → Completed with times, and the body carries the launch")
    func lifecycle() async throws {
        let credential = try fixture.azure()
        let spec = fixture.spec(target(spot: true), trainer: "logistic", dataset: "azureml://datastores/data/paths/iris.csv")
        let id = try await adapter.submit(spec, credentials: credential)
        #expect(id.rawValue.hasSuffix("/jobs/\(JobNaming.providerJobName(jobID: spec.jobID, attempt: 1))"))
        #expect(try await adapter.status(of: id, at: spec.target, credentials: credential).state == .queued)
        try await fixture.simulator.advanceClock(by: 100)
        let running = try await adapter.status(of: id, at: spec.target, credentials: credential)
        #expect(running.state == .running && running.startedAt != nil)
        try await fixture.simulator.advanceClock(by: 1000)
        let done = try await adapter.status(of: id, at: spec.target, credentials: credential)
        #expect(done.state == .completed && done.endedAt != nil)

        let put = try #require(try await fixture.simulator.requests(provider: "azureml").first { $0.method == "PUT" })
        let body = try #require(put.body)
        #expect(body["properties.jobType"]?.string == "Command")
        #expect(body["properties.environmentId"]?.string == "azureml:trainyard:6")
        #expect(body["properties.computeId"]?.string?.hasSuffix("/workspaces/trainyard-ws/computes/gpu-cluster") == true)
        #expect(body["properties.queueSettings.jobTier"]?.string == "Spot")
        #expect(body["properties.limits.timeout"]?.string == "PT7200S")
        #expect(body["properties.inputs.dataset.uri"]?.string == "azureml://datastores/data/paths/iris.csv")
        #expect(body["properties.command"]?.string?.contains("--data ${{inputs.dataset}}") == true)
        #expect(body["properties.tags.trainyard-job"]?.string == JobNaming.labelValue(spec.jobID))
    }

    @Test("a repeated submission reads the job name first and adopts the job")
    func idempotentSubmit() async throws {
        let credential = try fixture.azure()
        let spec = self.spec(target())
        let first = try await adapter.submit(spec, credentials: credential)
        #expect(try await adapter.submit(spec, credentials: credential) == first)
        let puts = try await fixture.simulator.requests(provider: "azureml").filter { $0.method == "PUT" }
        #expect(puts.count == 1)
    }

    @Test("cancel: CancelRequested then Canceled; cancelling a finished job is not an error")
    func cancel() async throws {
        let credential = try fixture.azure()
        let spec = self.spec(target())
        let id = try await adapter.submit(spec, credentials: credential)
        try await fixture.simulator.advanceClock(by: 100)
        try await adapter.cancel(id, at: spec.target, credentials: credential)
        #expect(try await adapter.status(of: id, at: spec.target, credentials: credential).providerState == "CancelRequested")
        try await fixture.simulator.advanceClock(by: 60)
        #expect(try await adapter.status(of: id, at: spec.target, credentials: credential).state == .cancelled)
        try await adapter.cancel(id, at: spec.target, credentials: credential)
    }

    @Test("an OutOfQuota failure is quota, a preemption is capacity, a user error fails the job, a stuck queue is capacity")
    func failureScenarios() async throws {
        let credential = try fixture.azure()
        for (scenario, failureClass) in [("quota-failure", ErrorClass.quota), ("user-error", .invalid)] {
            try await fixture.simulator.queueScenario(scenario, provider: "azureml")
            let spec = self.spec(target())
            let id = try await adapter.submit(spec, credentials: credential)
            try await fixture.simulator.advanceClock(by: 4000)
            let status = try await adapter.status(of: id, at: spec.target, credentials: credential)
            #expect(status.state == .failed && status.failureClass == failureClass, "\(scenario): \(status)")
        }
        let spec = self.spec(target())
        let id = try await adapter.submit(spec, credentials: credential)
        try await fixture.simulator.advanceClock(by: 200)
        try await fixture.simulator.interrupt(provider: "azureml", id: String(id.rawValue.split(separator: "/").last!), interruption: "preemption")
        let preempted = try await adapter.status(of: id, at: spec.target, credentials: credential)
        #expect(preempted.state == .failed && preempted.failureClass == .capacity, "\(preempted)")

        try await fixture.simulator.queueScenario("stuck-queued", provider: "azureml")
        let stuck = self.spec(target(deadline: 1800))
        let stuckID = try await adapter.submit(stuck, credentials: credential)
        #expect(try await adapter.status(of: stuckID, at: stuck.target, credentials: credential).state == .queued)
        let late = AzureMLAdapter(client: fixture.client, now: { Date().addingTimeInterval(86_400) })
        let status = try await late.status(of: stuckID, at: stuck.target, credentials: credential)
        #expect(status.state == .failed && status.failureClass == .capacity)
    }

    @Test("ARM error answers are classified")
    func errorClassification() async throws {
        let credential = try fixture.azure()
        let cases: [(String, ErrorClass)] = [
            ("TooManyRequests", .retryable), ("InternalServerError", .retryable), ("ServiceUnavailable", .retryable), ("GatewayTimeout", .retryable),
            ("InvalidAuthenticationToken", .credentials), ("ExpiredAuthenticationToken", .credentials), ("AuthorizationFailed", .credentials),
            ("QuotaExceeded", .quota), ("OutOfQuota", .quota), ("BadRequest", .invalid), ("UserError", .invalid), ("Conflict", .invalid),
        ]
        for (fault, errorClass) in cases {
            try await fixture.simulator.inject(fault, provider: "azureml", operation: "Jobs_CreateOrUpdate")
            let error = await adapterError { _ = try await self.adapter.submit(self.spec(self.target()), credentials: credential) }
            #expect(error?.errorClass == errorClass, "\(fault): \(String(describing: error))")
        }
    }

    @Test("validation takes a token and reads the workspace; a wrong secret or a missing workspace is reported")
    func validate() async throws {
        #expect(try await adapter.validateCredentials(try fixture.azure(), for: target()).valid)
        let wrong = try await AzureMLAdapter(client: fixture.client).validateCredentials(try fixture.azure(secret: "not-it"), for: target())
        #expect(!wrong.valid && wrong.message?.contains("invalid_client") == true, "\(String(describing: wrong.message))")
        let missing = await adapterError { _ = try await self.adapter.validateCredentials(try self.fixture.azure(), for: self.target(workspace: "missing-ws")) }
        #expect(missing?.errorClass == .invalid && missing?.code == "ResourceNotFound")
    }

    @Test("a plain image is refused with what Azure ML needs instead")
    func environmentRequired() async throws {
        let error = await adapterError {
            _ = try await self.adapter.submit(self.fixture.spec(self.target(image: "registry.example/train:1"), trainer: "mlp"), credentials: try self.fixture.azure())
        }
        #expect(error?.code == "EnvironmentRequired")
    }
}
