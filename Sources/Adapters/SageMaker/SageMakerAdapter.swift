import AsyncHTTPClient
import Credentials
import Foundation
import Logging
import NIOCore
import Storage

/// AWS SageMaker training jobs: `CreateTrainingJob`, `DescribeTrainingJob` and `StopTrainingJob` over JSON 1.1 signed
/// with SigV4 (service `sagemaker`), and STS `GetCallerIdentity` to validate credentials.
///
/// The job name is ``JobNaming/providerJobName(jobID:attempt:)``, SageMaker's idempotency handle: a repeated create
/// that answers `ResourceInUse` adopts the existing job. Spot candidates use managed spot training with
/// `CheckpointConfig` on the job's checkpoint prefix; credentials that name a role are exchanged for a role session.
public struct SageMakerAdapter: ComputeAdapter {
    public let provider = ProviderKind.sagemaker
    /// Training volume size per instance.
    public static let volumeSizeGB = 50
    /// Where SageMaker syncs `CheckpointConfig.S3Uri` inside the container.
    public static let checkpointDirectory = "/opt/ml/checkpoints"
    /// The runtime limit when the candidate sets none (SageMaker's own default is one day).
    public static let defaultMaxRuntimeHours = 24.0

    private let http: ProviderHTTPClient
    private let sessions = AWSRoleSessions()
    private let now: @Sendable () -> Date

    /// Creates the adapter over `client` (the caller's, who shuts it down).
    public init(
        client: HTTPClient, timeout: TimeAmount = .seconds(30), now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "trainyard.adapters.sagemaker")
    ) {
        http = ProviderHTTPClient(provider: .sagemaker, client: client, timeout: timeout, logger: logger)
        self.now = now
    }

    // MARK: ComputeAdapter

    public func submit(_ spec: ProviderJobSpec, credentials: CloudCredential?) async throws -> ProviderJobID {
        let name = JobNaming.providerJobName(jobID: spec.jobID, attempt: spec.attempt)
        let body = try createRequest(spec, name: name)
        let client = try await sageMaker(spec.target, credentials)
        do {
            _ = try await client.json(target: "SageMaker.CreateTrainingJob", body: ProviderJSON.encode(body))
        } catch let error as AdapterError where error.code == "ResourceInUse" {
            // An earlier call with this name went through: adopt that job if it is still there.
            _ = try await describe(name, client: client)
        }
        return ProviderJobID(name)
    }

    public func status(of id: ProviderJobID, at target: ComputeTarget, credentials: CloudCredential?) async throws -> ProviderJobStatus {
        let job = try await describe(id.rawValue, client: try await sageMaker(target, credentials))
        var status = SageMakerStateMapping.status(
            job.TrainingJobStatus, secondary: job.SecondaryStatus, failureReason: job.FailureReason,
            startedAt: job.TrainingStartTime.map(Date.init(timeIntervalSince1970:)), endedAt: job.TrainingEndTime.map(Date.init(timeIntervalSince1970:)))
        if status.message == nil, let latest = job.SecondaryStatusTransitions?.last {
            status.message = latest.StatusMessage
        }
        for metric in job.FinalMetricDataList ?? [] {
            if let name = metric.MetricName, let value = metric.Value { status.metrics[name] = value }
        }
        return status
    }

    public func cancel(_ id: ProviderJobID, at target: ComputeTarget, credentials: CloudCredential?) async throws {
        let client = try await sageMaker(target, credentials)
        do {
            _ = try await client.json(target: "SageMaker.StopTrainingJob", body: ProviderJSON.encode(["TrainingJobName": id.rawValue]))
        } catch let error as AdapterError where error.code == "ValidationException" {
            // SageMaker refuses to stop a job that already ended; anything else is a real refusal.
            let job = try await describe(id.rawValue, client: client)
            guard ["Completed", "Failed", "Stopped", "Stopping"].contains(job.TrainingJobStatus) else { throw error }
        }
    }

    public func validateCredentials(_ credentials: CloudCredential?, for target: ComputeTarget) async throws -> CredentialValidation {
        do {
            let aws = try awsCredential(credentials)
            let sts = try await stsClient(target, aws)
            let answer = try await sts.query(action: "GetCallerIdentity", parameters: [("Version", "2011-06-15")])
            return CredentialValidation(valid: true, identity: AWSXML.first("Arn", in: Data(answer)))
        } catch let error as AdapterError where error.errorClass == .credentials {
            return CredentialValidation(valid: false, message: "\(error.code ?? "refused"): \(error.message)")
        }
    }

    // MARK: Requests

    private func describe(_ name: String, client: AWSServiceClient) async throws -> SageMakerTrainingJobDescription {
        let body = try await client.json(target: "SageMaker.DescribeTrainingJob", body: ProviderJSON.encode(["TrainingJobName": name]))
        do {
            return try JSONDecoder().decode(SageMakerTrainingJobDescription.self, from: Data(body))
        } catch {
            throw AdapterError(.unavailable, provider: provider, code: "InvalidResponse", message: "DescribeTrainingJob answered unreadable JSON: \(error)")
        }
    }

    /// The `CreateTrainingJob` body for one attempt.
    func createRequest(_ spec: ProviderJobSpec, name: String) throws -> SageMakerCreateTrainingJob {
        guard case .sagemaker(let settings)? = spec.target.settings ?? .sagemaker(SageMakerSettings()) else {
            throw AdapterError(.invalid, provider: provider, code: "WrongSettings", message: "the candidate carries settings for another provider")
        }
        guard case .instance(let instanceType) = spec.target.machine else {
            throw AdapterError(.invalid, provider: provider, code: "WrongMachine", message: "SageMaker candidates name an instance_type")
        }
        guard let role = settings.roleARN else {
            throw AdapterError(.invalid, provider: provider, code: "MissingRoleARN", message: "SageMaker candidates need `role_arn`, the execution role")
        }
        guard let output = settings.outputURI, output.hasPrefix("s3://") else {
            throw AdapterError(.invalid, provider: provider, code: "MissingOutputURI", message: "SageMaker candidates need `output_uri` (s3://bucket/prefix)")
        }
        let outputPrefix = output.withoutTrailingSlash
        let checkpoint = spec.checkpointURI ?? "\(outputPrefix)/\(name)/checkpoints"
        let s3Dataset = spec.dataset.flatMap { $0.hasPrefix("s3://") ? $0 : nil }
        let datasetPath = s3Dataset.map { "/opt/ml/input/data/training/" + ($0.split(separator: "/").last.map(String.init) ?? "") }
        let launch = try ContainerLaunch(
            spec: spec, provider: provider, defaultImage: settings.image, outputURI: outputPrefix, checkpointURI: checkpoint,
            checkpointDirectory: Self.checkpointDirectory, datasetPath: datasetPath)
        let maxRuntime = Int(((settings.maxRuntimeHours ?? Self.defaultMaxRuntimeHours) * 3600).rounded())
        let maxWait = spec.target.spot ? Int(((settings.maxWaitHours ?? (settings.maxRuntimeHours ?? Self.defaultMaxRuntimeHours) * 2) * 3600).rounded()) : nil
        if let maxWait, maxWait < maxRuntime {
            throw AdapterError(.invalid, provider: provider, code: "InvalidMaxWait", message: "max_wait_hours must be at least max_runtime_hours for spot training")
        }
        let tags = JobNaming.labels(for: spec).sorted { $0.key < $1.key }.map { SageMakerCreateTrainingJob.Tag(Key: $0.key, Value: $0.value) }
        return SageMakerCreateTrainingJob(
            TrainingJobName: name, RoleArn: role,
            AlgorithmSpecification: .init(TrainingImage: launch.image, ContainerEntrypoint: launch.command.first.map { [$0] },
                                          ContainerArguments: launch.command.count > 1 ? Array(launch.command.dropFirst()) : nil),
            InputDataConfig: s3Dataset.map { [.init(ChannelName: "training", DataSource: .init(S3DataSource: .init(S3Uri: $0)))] },
            OutputDataConfig: .init(S3OutputPath: outputPrefix),
            ResourceConfig: .init(InstanceType: instanceType, InstanceCount: settings.instanceCount, VolumeSizeInGB: Self.volumeSizeGB),
            StoppingCondition: .init(MaxRuntimeInSeconds: maxRuntime, MaxWaitTimeInSeconds: maxWait),
            EnableManagedSpotTraining: spec.target.spot ? true : nil,
            CheckpointConfig: checkpoint.hasPrefix("s3://") ? .init(S3Uri: checkpoint, LocalPath: Self.checkpointDirectory) : nil,
            Environment: launch.environment, Tags: tags)
    }

    // MARK: Clients

    private func awsCredential(_ credentials: CloudCredential?) throws -> AWSAccessKeyCredential {
        guard case .aws(let aws)? = credentials else {
            throw AdapterError(.credentials, provider: provider, code: "MissingCredentials", message: "SageMaker needs an AWS credential")
        }
        return aws
    }

    private func region(_ target: ComputeTarget, _ aws: AWSAccessKeyCredential) -> String {
        target.region.isEmpty || target.region == "*" ? aws.region : target.region
    }

    private func stsClient(_ target: ComputeTarget, _ aws: AWSAccessKeyCredential) async throws -> AWSServiceClient {
        let region = region(target, aws)
        let signer = AWSSigV4Signer(credentials: aws.signingCredentials, region: region, service: "sts")
        return AWSServiceClient(endpoint: target.endpoint ?? "https://sts.\(region).amazonaws.com", signer: signer, http: http, now: now)
    }

    private func sageMaker(_ target: ComputeTarget, _ credentials: CloudCredential?) async throws -> AWSServiceClient {
        let aws = try awsCredential(credentials)
        let region = region(target, aws)
        let signing = try await sessions.signingCredentials(for: aws, sts: try await stsClient(target, aws), now: now())
        let signer = AWSSigV4Signer(credentials: signing, region: region, service: "sagemaker")
        return AWSServiceClient(endpoint: target.endpoint ?? "https://api.sagemaker.\(region).amazonaws.com", signer: signer, http: http, now: now)
    }

}
