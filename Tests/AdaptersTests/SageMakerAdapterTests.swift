@testable import Adapters
import Credentials
import Foundation
import Testing
import TestSupport

/// SageMaker against the spec-driven simulator: botocore's shapes validate every body, SigV4 is verified with the secret.
@Suite("SageMaker adapter against the provider simulator", .serialized,
       .enabled(if: ProviderSimulator.isAvailable, "aiohttp is installed in the test venv by make test"))
final class SageMakerAdapterTests {
    let fixture: SimulatorFixture
    let adapter: SageMakerAdapter

    init() async throws {
        fixture = try await SimulatorFixture()
        adapter = SageMakerAdapter(client: fixture.client)
    }

    func target(spot: Bool = false, settings: SageMakerSettings? = nil) -> ComputeTarget {
        ComputeTarget(
            provider: .sagemaker, region: "us-east-1", machine: .instance(type: "ml.g5.xlarge"), spot: spot, credentials: "aws",
            endpoint: fixture.endpoint,
            settings: .sagemaker(settings ?? SageMakerSettings(
                roleARN: "arn:aws:iam::123456789012:role/TrainyardTraining", outputURI: "s3://acme-models/trainyard", maxRuntimeHours: 2,
                image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/trainyard:0.6")))
    }

    @Test("a job submits, walks Starting → Training → Completed with start and end times, and the body carries the launch")
    func lifecycle() async throws {
        let credential = try fixture.aws()
        let spec = fixture.spec(target(spot: true), trainer: "mlp", dataset: "s3://acme-data/iris.csv", checkpointURI: "s3://acme-ckpt/acme/jobs/j/checkpoints/")
        let id = try await adapter.submit(spec, credentials: credential)
        #expect(id.rawValue == JobNaming.providerJobName(jobID: spec.jobID, attempt: 1))

        var status = try await adapter.status(of: id, at: spec.target, credentials: credential)
        #expect(status.state == .queued && status.providerState == "InProgress" && status.secondaryState == "Starting")
        try await fixture.simulator.advanceClock(by: 120)
        status = try await adapter.status(of: id, at: spec.target, credentials: credential)
        #expect(status.state == .running)
        #expect(status.startedAt != nil)
        try await fixture.simulator.advanceClock(by: 3600)
        status = try await adapter.status(of: id, at: spec.target, credentials: credential)
        #expect(status.state == .completed && status.providerState == "Completed")
        #expect(status.endedAt != nil && status.startedAt! < status.endedAt!)

        let create = try #require(try await fixture.simulator.requests(provider: "sagemaker").first { $0.operation == "CreateTrainingJob" })
        let body = try #require(create.body)
        #expect(body["CheckpointConfig.S3Uri"]?.string == "s3://acme-ckpt/acme/jobs/j/checkpoints/")
        #expect(body["CheckpointConfig.LocalPath"]?.string == "/opt/ml/checkpoints")
        #expect(body["EnableManagedSpotTraining"] == .bool(true))
        #expect(body["StoppingCondition.MaxRuntimeInSeconds"] == .number(7200))
        #expect(body["StoppingCondition.MaxWaitTimeInSeconds"] == .number(14400))
        #expect(body["InputDataConfig.0.DataSource.S3DataSource.S3Uri"]?.string == "s3://acme-data/iris.csv")
        #expect(body["AlgorithmSpecification.ContainerEntrypoint.0"]?.string == "trainyard")
        #expect(body["Environment.TRAINYARD_JOB_ID"]?.string == spec.jobID)
        #expect(body["Environment.TRAINYARD_CHECKPOINT_URI"]?.string == "s3://acme-ckpt/acme/jobs/j/checkpoints/")
        #expect(body["Tags.0.Key"]?.string == "trainyard-attempt" && body["Tags.0.Value"]?.string == "1")
        #expect(body["Tags.1.Key"]?.string == "trainyard-job" && body["Tags.1.Value"]?.string == JobNaming.labelValue(spec.jobID))
        #expect(create.userAgent?.hasPrefix("Trainyard/") == true)
    }

    @Test("a repeated submission adopts the job the first one created (ResourceInUse)")
    func idempotentSubmit() async throws {
        let credential = try fixture.aws()
        let spec = fixture.spec(target())
        let first = try await adapter.submit(spec, credentials: credential)
        let second = try await adapter.submit(spec, credentials: credential)
        #expect(first == second)
        let jobs = try await fixture.simulator.jobs(provider: "sagemaker")
        #expect(jobs.count == 1)
        let creates = try await fixture.simulator.requests(provider: "sagemaker").filter { $0.operation == "CreateTrainingJob" }
        #expect(creates.map(\.error) == [nil, "ResourceInUse"])
    }

    @Test("cancel stops a running job (Stopping, then Stopped = cancelled) and is a no-op on a finished one")
    func cancel() async throws {
        let credential = try fixture.aws()
        let spec = fixture.spec(target())
        let id = try await adapter.submit(spec, credentials: credential)
        try await fixture.simulator.advanceClock(by: 200)
        try await adapter.cancel(id, at: spec.target, credentials: credential)
        #expect(try await adapter.status(of: id, at: spec.target, credentials: credential).providerState == "Stopping")
        try await fixture.simulator.advanceClock(by: 200)
        let stopped = try await adapter.status(of: id, at: spec.target, credentials: credential)
        #expect(stopped.state == .cancelled && stopped.providerState == "Stopped")
        try await adapter.cancel(id, at: spec.target, credentials: credential)
    }

    @Test("the special cases of the state mapping: CapacityError, MaxWaitTimeExceeded and MaxRuntimeExceeded")
    func failureScenarios() async throws {
        let credential = try fixture.aws()
        let expectations: [(String, ProviderJobStatus.State, ErrorClass?)] = [
            ("capacity-error", .failed, .capacity), ("max-wait", .failed, .capacity), ("max-runtime", .failed, .timeout),
            ("algorithm-error", .failed, .invalid),
        ]
        for (scenario, state, failureClass) in expectations {
            try await fixture.simulator.queueScenario(scenario, provider: "sagemaker")
            let spec = fixture.spec(target())
            let id = try await adapter.submit(spec, credentials: credential)
            try await fixture.simulator.advanceClock(by: 7200)
            let status = try await adapter.status(of: id, at: spec.target, credentials: credential)
            #expect(status.state == state, "\(scenario)")
            #expect(status.failureClass == failureClass, "\(scenario): \(status)")
            #expect(status.message?.isEmpty == false, "\(scenario)")
        }
    }

    @Test("the provider's error answers are classified so the router retries, falls back or fails")
    func errorClassification() async throws {
        let credential = try fixture.aws()
        let cases: [(String, ErrorClass)] = [
            ("ThrottlingException", .retryable), ("ResourceLimitExceeded", .quota), ("ValidationException", .invalid),
            ("InternalFailure", .retryable), ("ServiceUnavailable", .retryable), ("AccessDeniedException", .credentials),
            ("ExpiredTokenException", .credentials), ("UnrecognizedClientException", .credentials),
        ]
        for (fault, errorClass) in cases {
            try await fixture.simulator.inject(fault, provider: "sagemaker", operation: "CreateTrainingJob")
            let error = await adapterError { _ = try await self.adapter.submit(self.fixture.spec(self.target()), credentials: credential) }
            #expect(error?.errorClass == errorClass, "\(fault): \(String(describing: error))")
            #expect(error?.code == fault)
        }
    }

    @Test("validation calls STS GetCallerIdentity: good keys name the caller, a wrong secret says what is wrong")
    func validate() async throws {
        let good = try await adapter.validateCredentials(try fixture.aws(), for: target())
        #expect(good.valid)
        #expect(good.identity?.hasPrefix("arn:aws:") == true)
        let bad = try await adapter.validateCredentials(try fixture.aws(secret: "wrong-secret"), for: target())
        #expect(!bad.valid)
        #expect(bad.message?.contains("SignatureDoesNotMatch") == true)
        let error = await adapterError { _ = try await self.adapter.submit(self.fixture.spec(self.target()), credentials: try self.fixture.aws(secret: "wrong")) }
        #expect(error?.errorClass == .credentials)
    }

    @Test("a candidate without role_arn or output_uri is refused before any call")
    func missingSettings() async throws {
        let noRole = target(settings: SageMakerSettings(outputURI: "s3://b/p", image: "i"))
        let error = await adapterError { _ = try await self.adapter.submit(self.fixture.spec(noRole), credentials: try self.fixture.aws()) }
        #expect(error?.errorClass == .invalid && error?.code == "MissingRoleARN")
        let noOutput = target(settings: SageMakerSettings(roleARN: "arn:aws:iam::1:role/r", image: "i"))
        let second = await adapterError { _ = try await self.adapter.submit(self.fixture.spec(noOutput), credentials: try self.fixture.aws()) }
        #expect(second?.code == "MissingOutputURI")
        #expect(try await fixture.simulator.requests(provider: "sagemaker").isEmpty)
    }
}
