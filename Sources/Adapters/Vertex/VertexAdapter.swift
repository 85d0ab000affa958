import AsyncHTTPClient
import Credentials
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Google Vertex AI custom jobs: `projects.locations.customJobs` create, get, list and cancel on the regional endpoint
/// `https://{region}-aiplatform.googleapis.com/v1/…`, with bearer tokens from the service account's JWT exchange.
///
/// Vertex AI has no idempotency handle, so every job carries Trainyard's job id and attempt as labels and a submission
/// first looks for a job with those labels, adopting it instead of creating a second one.
public struct VertexAdapter: ComputeAdapter {
    public let provider = ProviderKind.vertex
    /// The OAuth scope of the Vertex AI API.
    public static let scope = "https://www.googleapis.com/auth/cloud-platform"
    /// The runtime limit when the candidate sets none.
    public static let defaultMaxRuntimeHours = 24.0

    private let http: ProviderHTTPClient
    private let client: HTTPClient
    private let tokens = TokenProviderCache<GoogleServiceAccountTokenProvider>()
    private let now: @Sendable () -> Date

    /// Creates the adapter over `client` (the caller's, who shuts it down).
    public init(
        client: HTTPClient, timeout: TimeAmount = .seconds(30), now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "trainyard.adapters.vertex")
    ) {
        http = ProviderHTTPClient(provider: .vertex, client: client, timeout: timeout, logger: logger)
        self.client = client
        self.now = now
    }

    // MARK: ComputeAdapter

    public func submit(_ spec: ProviderJobSpec, credentials: CloudCredential?) async throws -> ProviderJobID {
        let key = try serviceAccount(credentials)
        let parent = try parentPath(spec.target, key)
        let body = try customJob(spec)
        let labels = JobNaming.labels(for: spec)
        let filter = "labels.\(JobNaming.jobLabel)=\(labels[JobNaming.jobLabel] ?? "") AND labels.\(JobNaming.attemptLabel)=\(spec.attempt)"
        let existing: VertexCustomJobList = try await call(
            .GET, "\(parent)/customJobs?filter=\(Self.queryEncode(filter))&pageSize=1", route: "GET /v1/{parent}/customJobs", spec.target, key)
        if let name = existing.customJobs?.first?.name { return ProviderJobID(name) }
        let created: VertexCustomJob = try await call(.POST, "\(parent)/customJobs", route: "POST /v1/{parent}/customJobs", spec.target, key, body: body)
        guard let name = created.name else {
            throw AdapterError(.unavailable, provider: provider, code: "InvalidResponse", message: "customJobs.create answered without a job name")
        }
        return ProviderJobID(name)
    }

    public func status(of id: ProviderJobID, at target: ComputeTarget, credentials: CloudCredential?) async throws -> ProviderJobStatus {
        let key = try serviceAccount(credentials)
        let job: VertexCustomJob = try await call(.GET, id.rawValue, route: "GET /v1/{job}", target, key)
        let state = job.state ?? "JOB_STATE_UNSPECIFIED"
        var status = VertexStateMapping.status(
            state, errorCode: job.error?.code, errorMessage: job.error?.message,
            startedAt: RFC3339.date(job.startTime), endedAt: RFC3339.date(job.endTime))
        if status.state == .queued, let deadline = target.queueingDeadlineSeconds, let created = RFC3339.date(job.createTime),
           now().timeIntervalSince(created) > deadline {
            status.state = .failed
            status.failureClass = .capacity
            status.message = "queued at Vertex AI for more than \(Int(deadline)) s (the profile's max_queue_wait): no capacity or quota"
        }
        return status
    }

    public func cancel(_ id: ProviderJobID, at target: ComputeTarget, credentials: CloudCredential?) async throws {
        let key = try serviceAccount(credentials)
        do {
            let _: VertexEmpty = try await call(.POST, "\(id.rawValue):cancel", route: "POST /v1/{job}:cancel", target, key, body: VertexEmpty())
        } catch let error as AdapterError where error.code == "FAILED_PRECONDITION" {
            // Vertex AI refuses to cancel a job that already ended.
            let job: VertexCustomJob = try await call(.GET, id.rawValue, route: "GET /v1/{job}", target, key)
            guard let state = job.state, VertexStateMapping.status(state, errorCode: nil, errorMessage: nil).state.isTerminal else { throw error }
        }
    }

    public func validateCredentials(_ credentials: CloudCredential?, for target: ComputeTarget) async throws -> CredentialValidation {
        do {
            let key = try serviceAccount(credentials)
            let parent = try parentPath(target, key)
            let _: VertexCustomJobList = try await call(.GET, "\(parent)/customJobs?pageSize=1", route: "GET /v1/{parent}/customJobs", target, key)
            return CredentialValidation(valid: true, identity: key.clientEmail)
        } catch let error as AdapterError where error.errorClass == .credentials {
            return CredentialValidation(valid: false, message: "\(error.code ?? "refused"): \(error.message)")
        }
    }

    // MARK: Requests

    /// The `CustomJob` body for one attempt.
    func customJob(_ spec: ProviderJobSpec) throws -> VertexCustomJob {
        guard case .vertex(let settings)? = spec.target.settings ?? .vertex(VertexSettings()) else {
            throw AdapterError(.invalid, provider: provider, code: "WrongSettings", message: "the candidate carries settings for another provider")
        }
        guard case .hostWithAccelerator(let machineType, let accelerator, let count) = spec.target.machine else {
            throw AdapterError(.invalid, provider: provider, code: "WrongMachine", message: "Vertex AI candidates name a machine_type")
        }
        guard let output = settings.outputURI, output.hasPrefix("gs://") else {
            throw AdapterError(.invalid, provider: provider, code: "MissingOutputURI", message: "Vertex AI candidates need `output_uri` (gs://bucket/prefix)")
        }
        let outputPrefix = output.withoutTrailingSlash
        let name = JobNaming.providerJobName(jobID: spec.jobID, attempt: spec.attempt)
        let checkpoint = spec.checkpointURI ?? "\(outputPrefix)/\(name)/checkpoints"
        let launch = try ContainerLaunch(
            spec: spec, provider: provider, defaultImage: settings.image, outputURI: outputPrefix, checkpointURI: checkpoint,
            checkpointDirectory: Self.fuseMount(checkpoint) ?? "/tmp/trainyard/checkpoints",
            datasetPath: spec.dataset.flatMap(Self.fuseMount))
        let hours = settings.maxRuntimeHours ?? Self.defaultMaxRuntimeHours
        let machine = VertexCustomJob.MachineSpec(
            machineType: machineType, acceleratorType: accelerator.map(Self.acceleratorType), acceleratorCount: accelerator == nil ? nil : count)
        return VertexCustomJob(
            displayName: "\(name) \(spec.name)".prefix(128).description,
            jobSpec: .init(
                workerPoolSpecs: [.init(
                    machineSpec: machine, replicaCount: "1",
                    containerSpec: .init(imageUri: launch.image, command: launch.command, args: nil,
                                         env: launch.sortedEnvironment.map { .init(name: $0.name, value: $0.value) }))],
                scheduling: .init(timeout: "\(Int((hours * 3600).rounded()))s", strategy: spec.target.spot ? "SPOT" : nil),
                baseOutputDirectory: .init(outputUriPrefix: outputPrefix),
                serviceAccount: settings.serviceAccount),
            labels: JobNaming.labels(for: spec))
    }

    /// Vertex AI mounts Cloud Storage at `/gcs/BUCKET/…` (Cloud Storage FUSE) in every custom job.
    static func fuseMount(_ uri: String) -> String? {
        guard uri.hasPrefix("gs://") else { return nil }
        return "/gcs/" + uri.dropFirst("gs://".count)
    }

    /// A catalog GPU name (`T4`, `A100-80GB`) as Vertex AI's `acceleratorType` (`NVIDIA_TESLA_T4`, `NVIDIA_A100_80GB`);
    /// names already in Vertex AI's form pass through.
    static func acceleratorType(_ name: String) -> String {
        let known = [
            "K80": "NVIDIA_TESLA_K80", "P100": "NVIDIA_TESLA_P100", "V100": "NVIDIA_TESLA_V100", "P4": "NVIDIA_TESLA_P4",
            "T4": "NVIDIA_TESLA_T4", "A100": "NVIDIA_TESLA_A100", "A100-80GB": "NVIDIA_A100_80GB", "L4": "NVIDIA_L4",
            "H100": "NVIDIA_H100_80GB", "H100-80GB": "NVIDIA_H100_80GB", "H200": "NVIDIA_H200_141GB", "B200": "NVIDIA_B200",
        ]
        return known[name.uppercased()] ?? name
    }

    private func serviceAccount(_ credentials: CloudCredential?) throws -> GCPServiceAccountKey {
        guard case .gcp(let key)? = credentials else {
            throw AdapterError(.credentials, provider: provider, code: "MissingCredentials", message: "Vertex AI needs a GCP service-account credential")
        }
        return key
    }

    private func parentPath(_ target: ComputeTarget, _ key: GCPServiceAccountKey) throws -> String {
        var project = key.projectID
        if case .vertex(let settings)? = target.settings, let configured = settings.project { project = configured }
        return "projects/\(project)/locations/\(target.region)"
    }

    private func call<Answer: Decodable>(
        _ method: HTTPMethod, _ path: String, route: String, _ target: ComputeTarget, _ key: GCPServiceAccountKey, body: (some Encodable)? = VertexEmpty?.none
    ) async throws -> Answer {
        let base = target.endpoint?.withoutTrailingSlash ?? "https://\(target.region)-aiplatform.googleapis.com"
        let tokenProvider = try await tokens.provider(for: "\(key.clientEmail)/\(key.privateKeyID)") {
            try GoogleServiceAccountTokenProvider(
                serviceAccount: key, scopes: [Self.scope], httpClient: client, options: TokenProviderOptions(userAgent: ProviderHTTPClient.userAgent))
        }
        var headers = HTTPHeaders()
        var bytes: [UInt8]?
        if let body {
            headers.add(name: "Content-Type", value: "application/json")
            bytes = try ProviderJSON.encode(body)
        }
        let response = try await http.sendAuthorized(
            ProviderRequest(method: method, url: "\(base)/v1/\(path)", route: route, headers: headers, body: bytes), tokens: tokenProvider)
        guard response.isSuccess else {
            let error = (try? JSONDecoder().decode(VertexErrorAnswer.self, from: Data(response.body)))?.error
            let message = error?.message ?? "HTTP \(response.status): \(response.text(limit: 200))"
            throw AdapterError(VertexStateMapping.classify(httpStatus: response.status, status: error?.status, message: message),
                               provider: provider, code: error?.status ?? "HTTP\(response.status)", message: message)
        }
        do {
            return try JSONDecoder().decode(Answer.self, from: Data(response.body))
        } catch {
            throw AdapterError(.unavailable, provider: provider, code: "InvalidResponse", message: "\(route) answered unreadable JSON: \(error)")
        }
    }

    private static func queryEncode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}

/// An empty JSON object (`CancelCustomJobRequest`, `google.protobuf.Empty`).
struct VertexEmpty: Codable {}

/// An API error answer: `{"error": google.rpc.Status}`.
struct VertexErrorAnswer: Decodable {
    var error: VertexStatus
}
