import AsyncHTTPClient
import Credentials
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Azure Machine Learning command jobs through Azure Resource Manager (api-version 2025-12-01): `PUT`, `GET` and
/// `POST …/cancel` on `…/workspaces/{ws}/jobs/{name}`, with a client-credentials token for Resource Manager.
///
/// The job name is ``JobNaming/providerJobName(jobID:attempt:)``; a submission first reads that name and adopts a job
/// already there, since a second PUT with a different definition of a started job would be refused. The image is an
/// Azure ML environment (`azureml:name:version` or its ARM id), which command jobs require.
public struct AzureMLAdapter: ComputeAdapter {
    public let provider = ProviderKind.azureml
    /// The Resource Manager API version the jobs API is called with.
    public static let apiVersion = "2025-12-01"
    /// The runtime limit when the candidate sets none.
    public static let defaultMaxRuntimeHours = 24.0

    private let http: ProviderHTTPClient
    private let client: HTTPClient
    private let tokens = TokenProviderCache<AzureClientCredentialsTokenProvider>()
    private let now: @Sendable () -> Date

    /// Creates the adapter over `client` (the caller's, who shuts it down).
    public init(
        client: HTTPClient, timeout: TimeAmount = .seconds(30), now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "trainyard.adapters.azureml")
    ) {
        http = ProviderHTTPClient(provider: .azureml, client: client, timeout: timeout, logger: logger)
        self.client = client
        self.now = now
    }

    // MARK: ComputeAdapter

    public func submit(_ spec: ProviderJobSpec, credentials: CloudCredential?) async throws -> ProviderJobID {
        let principal = try servicePrincipal(credentials)
        let workspace = try workspacePath(spec.target, principal)
        let body = try jobRequest(spec, workspace: workspace)
        let name = JobNaming.providerJobName(jobID: spec.jobID, attempt: spec.attempt)
        let path = "\(workspace)/jobs/\(name)"
        let existing = try await call(.GET, path, route: "GET {workspace}/jobs/{name}", spec.target, principal)
        if existing.status == 404 {
            try check(try await call(.PUT, path, route: "PUT {workspace}/jobs/{name}", spec.target, principal, body: try ProviderJSON.encode(body)))
        } else {
            try check(existing)
            let job = try? JSONDecoder().decode(AzureMLJobResource.self, from: Data(existing.body))
            guard job?.properties.tags?[JobNaming.jobLabel] == body.properties.tags[JobNaming.jobLabel] else {
                throw AdapterError(.invalid, provider: provider, code: "Conflict", message: "a job named \(name) that Trainyard did not create exists in the workspace")
            }
        }
        return ProviderJobID(path)
    }

    public func status(of id: ProviderJobID, at target: ComputeTarget, credentials: CloudCredential?) async throws -> ProviderJobStatus {
        let principal = try servicePrincipal(credentials)
        let response = try await call(.GET, id.rawValue, route: "GET {workspace}/jobs/{name}", target, principal)
        try check(response)
        let job: AzureMLJobResource
        do {
            job = try JSONDecoder().decode(AzureMLJobResource.self, from: Data(response.body))
        } catch {
            throw AdapterError(.unavailable, provider: provider, code: "InvalidResponse", message: "the job answer is unreadable JSON: \(error)")
        }
        var status = AzureMLStateMapping.status(
            job.properties.status ?? "Unknown", errorCode: job.runProperty("ErrorCode"), errorMessage: job.runProperty("ErrorMessage"),
            startedAt: RFC3339.date(job.runProperty("StartTimeUtc")), endedAt: RFC3339.date(job.runProperty("EndTimeUtc")))
        if status.state == .queued, let deadline = target.queueingDeadlineSeconds, let created = RFC3339.date(job.systemData?.createdAt),
           now().timeIntervalSince(created) > deadline {
            status.state = .failed
            status.failureClass = .capacity
            status.message = "queued at Azure ML for more than \(Int(deadline)) s (the profile's max_queue_wait): the cluster cannot scale"
        }
        return status
    }

    public func cancel(_ id: ProviderJobID, at target: ComputeTarget, credentials: CloudCredential?) async throws {
        let principal = try servicePrincipal(credentials)
        // 202 while the cancellation runs, 200 when there was nothing left to cancel.
        try check(try await call(.POST, "\(id.rawValue)/cancel", route: "POST {workspace}/jobs/{name}/cancel", target, principal))
    }

    public func validateCredentials(_ credentials: CloudCredential?, for target: ComputeTarget) async throws -> CredentialValidation {
        do {
            let principal = try servicePrincipal(credentials)
            let workspace = try workspacePath(target, principal)
            try check(try await call(.GET, workspace, route: "GET {workspace}", target, principal))
            return CredentialValidation(valid: true, identity: "\(principal.clientID)@\(principal.tenantID)")
        } catch let error as AdapterError where error.errorClass == .credentials {
            return CredentialValidation(valid: false, message: "\(error.code ?? "refused"): \(error.message)")
        }
    }

    // MARK: Requests

    /// The command job for one attempt.
    func jobRequest(_ spec: ProviderJobSpec, workspace: String) throws -> AzureMLJobRequest {
        let settings = try settings(spec.target)
        guard let compute = settings.compute else {
            throw AdapterError(.invalid, provider: provider, code: "MissingCompute", message: "Azure ML candidates need `compute`, the compute cluster to run on")
        }
        let name = JobNaming.providerJobName(jobID: spec.jobID, attempt: spec.attempt)
        let output = settings.outputURI?.withoutTrailingSlash
        let checkpoint = spec.checkpointURI ?? output.map { "\($0)/\(name)/checkpoints" }
        let launch = try ContainerLaunch(
            spec: spec, provider: provider, defaultImage: settings.image, outputURI: output, checkpointURI: checkpoint ?? "",
            checkpointDirectory: checkpoint == nil ? "./outputs/checkpoints" : "${{outputs.checkpoints}}",
            datasetPath: spec.dataset == nil ? nil : "${{inputs.dataset}}")
        guard launch.image.hasPrefix("azureml:") || launch.image.hasPrefix("/subscriptions/") else {
            throw AdapterError(.invalid, provider: provider, code: "EnvironmentRequired",
                               message: "Azure ML command jobs run in a registered environment: give `image` as azureml:NAME:VERSION, not '\(launch.image)'")
        }
        let hours = settings.maxRuntimeHours ?? Self.defaultMaxRuntimeHours
        var outputs: [String: AzureMLJobRequest.Output] = [:]
        if let checkpoint { outputs["checkpoints"] = .init(uri: checkpoint) }
        if let output { outputs["model"] = .init(uri: "\(output)/\(name)/model") }
        return AzureMLJobRequest(properties: .init(
            command: launch.command.map(Self.shellQuoted).joined(separator: " "), environmentId: launch.image,
            computeId: "\(workspace)/computes/\(compute)", displayName: "\(name) \(spec.name)",
            environmentVariables: launch.environment, tags: JobNaming.labels(for: spec),
            limits: .init(timeout: "PT\(Int((hours * 3600).rounded()))S"),
            queueSettings: spec.target.spot ? .init(jobTier: "Spot") : nil,
            inputs: spec.dataset.map { ["dataset": .init(uri: $0)] },
            outputs: outputs.isEmpty ? nil : outputs))
    }

    /// `argument` for a POSIX shell: bare when safe, else single-quoted. `${{…}}` expressions stay bare so that
    /// Azure ML substitutes them.
    static func shellQuoted(_ argument: String) -> String {
        let safe = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_./=:,@%+"))
        if !argument.isEmpty, argument.unicodeScalars.allSatisfy(safe.contains) { return argument }
        if argument.hasPrefix("${{"), argument.hasSuffix("}}"), !argument.contains("'") { return argument }
        return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private func settings(_ target: ComputeTarget) throws -> AzureMLSettings {
        guard case .azureml(let settings)? = target.settings ?? .azureml(AzureMLSettings()) else {
            throw AdapterError(.invalid, provider: provider, code: "WrongSettings", message: "the candidate carries settings for another provider")
        }
        return settings
    }

    private func workspacePath(_ target: ComputeTarget, _ principal: AzureServicePrincipal) throws -> String {
        let settings = try settings(target)
        guard let group = settings.resourceGroup, let workspace = settings.workspace else {
            throw AdapterError(.invalid, provider: provider, code: "MissingWorkspace", message: "Azure ML candidates need `resource_group` and `workspace`")
        }
        let subscription = settings.subscriptionID ?? principal.subscriptionID
        return "/subscriptions/\(subscription)/resourceGroups/\(group)/providers/Microsoft.MachineLearningServices/workspaces/\(workspace)"
    }

    private func servicePrincipal(_ credentials: CloudCredential?) throws -> AzureServicePrincipal {
        guard case .azure(let principal)? = credentials else {
            throw AdapterError(.credentials, provider: provider, code: "MissingCredentials", message: "Azure ML needs an Azure service-principal credential")
        }
        return principal
    }

    private func call(
        _ method: HTTPMethod, _ path: String, route: String, _ target: ComputeTarget, _ principal: AzureServicePrincipal, body: [UInt8]? = nil
    ) async throws -> ProviderResponse {
        let base = target.endpoint?.withoutTrailingSlash ?? "https://management.azure.com"
        let tokenProvider = await tokens.provider(for: "\(principal.tenantID)/\(principal.clientID)") {
            AzureClientCredentialsTokenProvider(
                servicePrincipal: principal, httpClient: client, options: TokenProviderOptions(userAgent: ProviderHTTPClient.userAgent))
        }
        var headers = HTTPHeaders()
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        return try await http.sendAuthorized(
            ProviderRequest(method: method, url: "\(base)\(path)?api-version=\(Self.apiVersion)", route: route, headers: headers, body: body),
            tokens: tokenProvider)
    }

    /// Throws the classified error of a non-2xx answer.
    private func check(_ response: ProviderResponse) throws {
        guard !response.isSuccess else { return }
        let error = (try? JSONDecoder().decode(AzureErrorAnswer.self, from: Data(response.body)))?.error
        let message = error?.message ?? "HTTP \(response.status): \(response.text(limit: 200))"
        throw AdapterError(AzureMLStateMapping.classify(httpStatus: response.status, code: error?.code, message: message),
                           provider: provider, code: error?.code ?? "HTTP\(response.status)", message: message)
    }
}
