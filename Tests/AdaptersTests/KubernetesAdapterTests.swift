@testable import Adapters
import Credentials
import Foundation
import Testing
import TestSupport

/// Kubernetes against the spec-driven simulator: the 1.36 OpenAPI validates every Job (strict field validation), the
/// API server's own rules apply, and a bearer token is checked per namespace.
@Suite("Kubernetes adapter against the provider simulator", .serialized,
       .enabled(if: ProviderSimulator.isAvailable, "aiohttp is installed in the test venv by make test"))
final class KubernetesAdapterTests {
    let fixture: SimulatorFixture
    let adapter: KubernetesAdapter

    init() async throws {
        fixture = try await SimulatorFixture()
        adapter = KubernetesAdapter(client: fixture.client)
    }

    func target(gpus: Int = 2, deadline: Double? = nil) -> ComputeTarget {
        ComputeTarget(
            provider: .kubernetes, region: "*", machine: .gpus(model: "A10G", count: gpus), credentials: "k8s",
            settings: .kubernetes(KubernetesSettings(
                namespace: "training", nodeSelector: ["gpu": "a10g"],
                tolerations: [.init(key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule")], imagePullSecrets: ["regcred"],
                maxRuntimeHours: 4, image: "registry.acme.internal/trainyard:0.6")),
            queueingDeadlineSeconds: deadline)
    }

    @Test("a Job is created with GPU limits, node selector and tolerations, and walks Pending → Running → Complete")
    func lifecycle() async throws {
        let credential = try fixture.kubernetes()
        let spec = fixture.spec(target(), trainer: "mlp", dataset: "/data/iris.csv")
        let id = try await adapter.submit(spec, credentials: credential)
        #expect(id.rawValue == "training/\(JobNaming.providerJobName(jobID: spec.jobID, attempt: 1))")
        #expect(try await adapter.status(of: id, at: spec.target, credentials: credential).state == .queued)
        try await fixture.simulator.advanceClock(by: 60)
        let running = try await adapter.status(of: id, at: spec.target, credentials: credential)
        #expect(running.state == .running && running.startedAt != nil)
        try await fixture.simulator.advanceClock(by: 1000)
        let done = try await adapter.status(of: id, at: spec.target, credentials: credential)
        #expect(done.state == .completed && done.endedAt != nil)

        let create = try #require(try await fixture.simulator.requests(provider: "kubernetes").first { $0.method == "POST" && $0.path.hasSuffix("/jobs") })
        let body = try #require(create.body)
        #expect(body["spec.backoffLimit"] == .number(0))
        #expect(body["spec.activeDeadlineSeconds"] == .number(14400))
        #expect(body["spec.template.spec.restartPolicy"]?.string == "Never")
        #expect(body["spec.template.spec.containers.0.resources.limits.nvidia.com/gpu"] == nil, "dotted keys are not paths")
        guard case .object(let limits)? = body["spec.template.spec.containers.0.resources.limits"] else {
            Issue.record("no GPU limits")
            return
        }
        #expect(limits["nvidia.com/gpu"] == .string("2"))
        #expect(body["spec.template.spec.nodeSelector.gpu"]?.string == "a10g")
        #expect(body["spec.template.spec.tolerations.0.operator"]?.string == "Exists")
        #expect(body["spec.template.spec.imagePullSecrets.0.name"]?.string == "regcred")
        #expect(body["metadata.labels.trainyard-job"]?.string == JobNaming.labelValue(spec.jobID))
    }

    @Test("a repeated submission adopts the Job after AlreadyExists")
    func idempotentSubmit() async throws {
        let credential = try fixture.kubernetes()
        let spec = fixture.spec(target())
        let first = try await adapter.submit(spec, credentials: credential)
        #expect(try await adapter.submit(spec, credentials: credential) == first)
        #expect(try await fixture.simulator.jobs(provider: "kubernetes").count == 1)
    }

    @Test("cancel deletes the Job with propagation Background; deleting it again is not an error")
    func cancel() async throws {
        let credential = try fixture.kubernetes()
        let spec = fixture.spec(target())
        let id = try await adapter.submit(spec, credentials: credential)
        try await adapter.cancel(id, at: spec.target, credentials: credential)
        let delete = try #require(try await fixture.simulator.requests(provider: "kubernetes").first { $0.method == "DELETE" })
        #expect(delete.status == 200)
        #expect(try await fixture.simulator.jobs(provider: "kubernetes").allSatisfy(\.deleted))
        try await adapter.cancel(id, at: spec.target, credentials: credential)
        let gone = await adapterError { _ = try await self.adapter.status(of: id, at: spec.target, credentials: credential) }
        #expect(gone?.code == "NotFound")
    }

    @Test("an unschedulable pod past the grace period is capacity; eviction is capacity; a crash fails; a deadline is a timeout")
    func failureScenarios() async throws {
        let credential = try fixture.kubernetes()
        try await fixture.simulator.queueScenario("unschedulable", provider: "kubernetes")
        let stuck = fixture.spec(target(deadline: 600))
        let stuckID = try await adapter.submit(stuck, credentials: credential)
        #expect(try await adapter.status(of: stuckID, at: stuck.target, credentials: credential).state == .queued, "within the grace period")
        let late = KubernetesAdapter(client: fixture.client, now: { Date().addingTimeInterval(86_400) })
        let unschedulable = try await late.status(of: stuckID, at: stuck.target, credentials: credential)
        #expect(unschedulable.state == .failed && unschedulable.failureClass == .capacity)
        #expect(unschedulable.message?.contains("Insufficient") == true, "\(String(describing: unschedulable.message))")

        for (scenario, failureClass) in [("backoff-failure", ErrorClass.invalid), ("deadline", .timeout)] {
            try await fixture.simulator.queueScenario(scenario, provider: "kubernetes")
            let spec = fixture.spec(target())
            let id = try await adapter.submit(spec, credentials: credential)
            try await fixture.simulator.advanceClock(by: 30_000)
            let status = try await adapter.status(of: id, at: spec.target, credentials: credential)
            #expect(status.state == .failed && status.failureClass == failureClass, "\(scenario): \(status)")
        }

        let spec = fixture.spec(target())
        let id = try await adapter.submit(spec, credentials: credential)
        try await fixture.simulator.advanceClock(by: 60)
        try await fixture.simulator.interrupt(provider: "kubernetes", id: id.rawValue, interruption: "eviction")
        let evicted = try await adapter.status(of: id, at: spec.target, credentials: credential)
        #expect(evicted.state == .failed && evicted.failureClass == .capacity, "\(evicted)")
    }

    @Test("API errors are classified: quota admission, throttling, auth, validation")
    func errorClassification() async throws {
        let credential = try fixture.kubernetes()
        let cases: [(String, ErrorClass)] = [
            ("TooManyRequests", .retryable), ("InternalError", .retryable), ("ServiceUnavailable", .retryable), ("Timeout", .retryable),
            ("Unauthorized", .credentials), ("Forbidden", .credentials), ("ExceededQuota", .quota), ("Invalid", .invalid),
            ("NotFound", .invalid), ("Conflict", .retryable),
        ]
        for (fault, errorClass) in cases {
            try await fixture.simulator.inject(fault, provider: "kubernetes", operation: "createJob")
            let error = await adapterError { _ = try await self.adapter.submit(self.fixture.spec(self.target()), credentials: credential) }
            #expect(error?.errorClass == errorClass, "\(fault): \(String(describing: error))")
        }
    }

    @Test("validation asks SelfSubjectAccessReview whether the token may create jobs in the namespace")
    func validate() async throws {
        #expect(try await adapter.validateCredentials(try fixture.kubernetes(), for: target()).valid)
        let denied = try await adapter.validateCredentials(try fixture.kubernetes(token: fixture.simulator.credentials.kubernetes.deniedToken), for: target())
        #expect(!denied.valid && denied.message?.contains("may not create jobs") == true)
        let unknown = try await adapter.validateCredentials(try fixture.kubernetes(token: "not-a-token"), for: target())
        #expect(!unknown.valid && unknown.message?.contains("Unauthorized") == true, "\(String(describing: unknown.message))")
    }

    @Test("logs come from the Job's pod")
    func logs() async throws {
        let credential = try fixture.kubernetes()
        let spec = fixture.spec(target())
        let id = try await adapter.submit(spec, credentials: credential)
        try await fixture.simulator.advanceClock(by: 60)
        let text = try await adapter.logs(of: id, at: spec.target, credentials: credential, tailLines: 5)
        #expect(!text.isEmpty)
        #expect(text.split(separator: "\n").count <= 5)
    }
}
