import AsyncHTTPClient
import Credentials
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Kubernetes `batch/v1` Jobs in the candidate's namespace, authenticated from the kubeconfig (bearer token or client
/// certificate, the cluster's CA).
///
/// The Job's `metadata.name` is the idempotency handle: a repeated create that answers `AlreadyExists` adopts the Job
/// when it carries the same Trainyard job label. Status comes from the Job's conditions and its pods; a pod that no
/// node can schedule past the grace period is a `capacity` failure, so the router falls back. Cancelling deletes the
/// Job with propagation `Background`, so its pods go too.
public struct KubernetesAdapter: ComputeAdapter {
    public let provider = ProviderKind.kubernetes
    /// The runtime limit (`activeDeadlineSeconds`) when the candidate sets none.
    public static let defaultMaxRuntimeHours = 24.0
    /// How long an unschedulable pod may wait when the profile sets no `max_queue_wait`.
    public static let defaultSchedulingGrace: TimeInterval = 600
    /// How long a finished Job stays for its status and logs to be read.
    public static let finishedJobTTL = 7 * 24 * 3600
    /// The pod label the Job controller sets.
    public static let jobNameLabel = "batch.kubernetes.io/job-name"

    private let http: ProviderHTTPClient
    private let now: @Sendable () -> Date

    /// Creates the adapter over `client` (the caller's, who shuts it down).
    public init(
        client: HTTPClient, timeout: TimeAmount = .seconds(30), now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "trainyard.adapters.kubernetes")
    ) {
        http = ProviderHTTPClient(provider: .kubernetes, client: client, timeout: timeout, logger: logger)
        self.now = now
    }

    // MARK: ComputeAdapter

    public func submit(_ spec: ProviderJobSpec, credentials: CloudCredential?) async throws -> ProviderJobID {
        let cluster = try cluster(spec.target, credentials)
        let manifest = try manifest(spec, namespace: cluster.namespace)
        let name = manifest.metadata.name
        let response = try await cluster.send(
            .POST, "/apis/batch/v1/namespaces/\(cluster.namespace)/jobs?fieldValidation=Strict", route: "POST /apis/batch/v1/namespaces/{ns}/jobs",
            body: try ProviderJSON.encode(manifest), http: http)
        let refusal = try? JSONDecoder().decode(KubernetesStatus.self, from: Data(response.body))
        if response.status == 409, refusal?.reason == "AlreadyExists" {
            let existing: KubernetesJob = try Self.decode(try await cluster.expect(
                .GET, "/apis/batch/v1/namespaces/\(cluster.namespace)/jobs/\(name)", route: "GET /apis/batch/v1/namespaces/{ns}/jobs/{name}", http: http))
            guard existing.metadata.labels?[JobNaming.jobLabel] == manifest.metadata.labels[JobNaming.jobLabel] else {
                throw AdapterError(.invalid, provider: provider, code: "AlreadyExists", message: "a Job named \(name) that Trainyard did not create exists in \(cluster.namespace)")
            }
        } else if !response.isSuccess {
            throw cluster.error(response, provider: provider)
        }
        return ProviderJobID("\(cluster.namespace)/\(name)")
    }

    public func status(of id: ProviderJobID, at target: ComputeTarget, credentials: CloudCredential?) async throws -> ProviderJobStatus {
        let cluster = try cluster(target, credentials)
        let (namespace, name) = try Self.split(id)
        let job: KubernetesJob = try Self.decode(try await cluster.expect(
            .GET, "/apis/batch/v1/namespaces/\(namespace)/jobs/\(name)", route: "GET /apis/batch/v1/namespaces/{ns}/jobs/{name}", http: http))
        let conditions = (job.status?.conditions ?? []).map { (type: $0.type, status: $0.status, reason: $0.reason, message: $0.message) }
        let finished = conditions.contains { ($0.type == "Complete" || $0.type == "Failed") && $0.status == "True" }
        let failed = conditions.contains { $0.type == "Failed" && $0.status == "True" }
        let created = RFC3339.date(job.metadata.creationTimestamp) ?? now()
        let grace = target.queueingDeadlineSeconds ?? Self.defaultSchedulingGrace
        var pods: [KubernetesStateMapping.PodView] = []
        // The pods are read only where they can change the answer: why a Job failed, and whether a Job without a
        // ready pod past the grace period cannot be scheduled.
        if failed || (!finished && (job.status?.ready ?? 0) == 0 && now().timeIntervalSince(created) > grace) {
            pods = try await self.pods(ofJob: name, in: namespace, cluster: cluster).map(Self.view)
        }
        let ended = job.status?.completionTime ?? job.status?.conditions?.first { ($0.type == "Failed" || $0.type == "Complete") && $0.status == "True" }?
            .lastTransitionTime
        return KubernetesStateMapping.status(
            conditions: conditions, active: job.status?.active ?? 0, ready: job.status?.ready ?? 0, pods: pods,
            pendingFor: now().timeIntervalSince(created), grace: grace,
            startedAt: RFC3339.date(job.status?.startTime), endedAt: RFC3339.date(ended))
    }

    public func cancel(_ id: ProviderJobID, at target: ComputeTarget, credentials: CloudCredential?) async throws {
        let cluster = try cluster(target, credentials)
        let (namespace, name) = try Self.split(id)
        let response = try await cluster.send(
            .DELETE, "/apis/batch/v1/namespaces/\(namespace)/jobs/\(name)?propagationPolicy=Background",
            route: "DELETE /apis/batch/v1/namespaces/{ns}/jobs/{name}", http: http)
        guard response.isSuccess || response.status == 404 else { throw cluster.error(response, provider: provider) }
    }

    public func validateCredentials(_ credentials: CloudCredential?, for target: ComputeTarget) async throws -> CredentialValidation {
        do {
            let cluster = try cluster(target, credentials)
            let review: [String: Any] = [
                "apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview",
                "spec": ["resourceAttributes": ["namespace": cluster.namespace, "verb": "create", "group": "batch", "resource": "jobs"]],
            ]
            let body = Array(try JSONSerialization.data(withJSONObject: review, options: [.sortedKeys]))
            let answer: KubernetesAccessReview = try Self.decode(try await cluster.expect(
                .POST, "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", route: "POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
                body: body, http: http))
            guard answer.status?.allowed == true else {
                let reason = answer.status?.reason.map { ": \($0)" } ?? ""
                return CredentialValidation(valid: false, message: "the credential may not create jobs in namespace \(cluster.namespace)\(reason)")
            }
            return CredentialValidation(valid: true, identity: "\(cluster.server) namespace \(cluster.namespace)")
        } catch let error as AdapterError where error.errorClass == .credentials {
            return CredentialValidation(valid: false, message: "\(error.code ?? "refused"): \(error.message)")
        }
    }

    /// The last `tailLines` lines the Job's pod wrote (`GET …/pods/{pod}/log`); empty when no pod exists yet.
    public func logs(of id: ProviderJobID, at target: ComputeTarget, credentials: CloudCredential?, tailLines: Int = 200) async throws -> String {
        let cluster = try cluster(target, credentials)
        let (namespace, name) = try Self.split(id)
        guard let pod = try await pods(ofJob: name, in: namespace, cluster: cluster).last else { return "" }
        let text = try await cluster.expect(
            .GET, "/api/v1/namespaces/\(namespace)/pods/\(pod.metadata.name)/log?container=train&tailLines=\(tailLines)",
            route: "GET /api/v1/namespaces/{ns}/pods/{pod}/log", http: http)
        return String(decoding: text, as: UTF8.self)
    }

    // MARK: Manifest

    /// The Job manifest for one attempt.
    func manifest(_ spec: ProviderJobSpec, namespace: String) throws -> KubernetesJobManifest {
        guard case .kubernetes(let settings)? = spec.target.settings ?? .kubernetes(KubernetesSettings()) else {
            throw AdapterError(.invalid, provider: provider, code: "WrongSettings", message: "the candidate carries settings for another provider")
        }
        let name = JobNaming.providerJobName(jobID: spec.jobID, attempt: spec.attempt)
        let checkpointDirectory = "/trainyard/checkpoints"
        let launch = try ContainerLaunch(
            spec: spec, provider: provider, defaultImage: settings.image, outputURI: nil,
            checkpointURI: spec.checkpointURI ?? "\(checkpointDirectory)/\(name)", checkpointDirectory: checkpointDirectory, datasetPath: nil)
        var gpus = spec.resources.gpus
        if case .gpus(_, let count) = spec.target.machine { gpus = count }
        let labels = JobNaming.labels(for: spec)
        let hours = settings.maxRuntimeHours ?? Self.defaultMaxRuntimeHours
        return KubernetesJobManifest(
            metadata: .init(name: name, namespace: namespace, labels: labels),
            spec: .init(
                activeDeadlineSeconds: Int((hours * 3600).rounded()), ttlSecondsAfterFinished: Self.finishedJobTTL,
                template: .init(
                    metadata: .init(labels: labels),
                    spec: .init(
                        containers: [.init(
                            image: launch.image, command: launch.command,
                            env: launch.sortedEnvironment.map { .init(name: $0.name, value: $0.value) },
                            resources: gpus > 0 ? .init(limits: [settings.gpuResource: String(gpus)]) : nil)],
                        nodeSelector: settings.nodeSelector.isEmpty ? nil : settings.nodeSelector,
                        tolerations: settings.tolerations.isEmpty ? nil : settings.tolerations,
                        imagePullSecrets: settings.imagePullSecrets.isEmpty ? nil : settings.imagePullSecrets.map { .init(name: $0) }))))
    }

    // MARK: Plumbing

    /// The pods the Job controller made for the Job `name` (label `batch.kubernetes.io/job-name`).
    private func pods(ofJob name: String, in namespace: String, cluster: KubernetesCluster) async throws -> [KubernetesPodList.Pod] {
        let selector = "\(Self.jobNameLabel)=\(name)".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name
        let list: KubernetesPodList = try Self.decode(try await cluster.expect(
            .GET, "/api/v1/namespaces/\(namespace)/pods?labelSelector=\(selector)", route: "GET /api/v1/namespaces/{ns}/pods", http: http))
        return list.items
    }

    private func cluster(_ target: ComputeTarget, _ credentials: CloudCredential?) throws -> KubernetesCluster {
        guard case .kubernetes(let credential)? = credentials else {
            throw AdapterError(.credentials, provider: provider, code: "MissingCredentials", message: "Kubernetes needs a kubeconfig credential")
        }
        var namespace = credential.namespace
        if case .kubernetes(let settings)? = target.settings {
            if let context = settings.context, context != credential.contextName {
                throw AdapterError(.credentials, provider: provider, code: "WrongContext",
                                   message: "the credential holds context \(credential.contextName), the candidate asks for \(context)")
            }
            namespace = settings.namespace ?? namespace
        }
        let configuration: KubernetesClientConfiguration
        do {
            configuration = try KubernetesClientConfiguration(credential: credential)
        } catch {
            throw AdapterError(.credentials, provider: provider, code: "InvalidKubeconfig", message: "\(error)")
        }
        return KubernetesCluster(configuration: configuration, server: target.endpoint ?? configuration.server, namespace: namespace)
    }

    private static func split(_ id: ProviderJobID) throws -> (String, String) {
        let parts = id.rawValue.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw AdapterError(.invalid, provider: .kubernetes, code: "InvalidJobID", message: "'\(id)' is not namespace/name")
        }
        return (String(parts[0]), String(parts[1]))
    }

    private static func view(_ pod: KubernetesPodList.Pod) -> KubernetesStateMapping.PodView {
        let conditions = pod.status?.conditions ?? []
        let disruption = conditions.first { $0.type == "DisruptionTarget" && $0.status == "True" }
        let unschedulable = conditions.first { $0.type == "PodScheduled" && $0.status == "False" && $0.reason == "Unschedulable" }
        return KubernetesStateMapping.PodView(
            phase: pod.status?.phase ?? "Unknown", reason: pod.status?.reason,
            disruption: disruption.map { $0.reason ?? "DisruptionTarget" }, unschedulable: unschedulable.map { $0.message ?? "Unschedulable" })
    }

    private static func decode<T: Decodable>(_ body: [UInt8]) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(body))
        } catch {
            throw AdapterError(.unavailable, provider: .kubernetes, code: "InvalidResponse", message: "the API server answered unreadable JSON: \(error)")
        }
    }
}
