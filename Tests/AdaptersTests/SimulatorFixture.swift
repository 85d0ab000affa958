import Adapters
import AsyncHTTPClient
import Credentials
import Foundation
import TestSupport

/// A running provider simulator with the credentials it accepts and one HTTP client, for the adapter tests.
final class SimulatorFixture: @unchecked Sendable {
    let simulator: ProviderSimulator
    let client: HTTPClient

    init() async throws {
        simulator = try await ProviderSimulator.start()
        client = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    deinit {
        try? client.syncShutdown()
    }

    var endpoint: String { simulator.endpoint }

    func aws(secret: String? = nil) throws -> CloudCredential {
        let aws = simulator.credentials.aws
        return .aws(try AWSAccessKeyCredential(accessKeyID: aws.accessKeyID, secretAccessKey: Secret(secret ?? aws.secretAccessKey), region: "us-east-1"))
    }

    func gcp(privateKeyID: String? = nil) throws -> CloudCredential {
        var fields = simulator.credentials.gcp
        if let privateKeyID { fields["private_key_id"] = privateKeyID }
        let json = try JSONSerialization.data(withJSONObject: fields)
        return .gcp(try GCPServiceAccountKey(json: Array(json)))
    }

    func azure(secret: String? = nil) throws -> CloudCredential {
        let azure = simulator.credentials.azure
        return .azure(try AzureServicePrincipal(
            tenantID: azure.tenantID, clientID: azure.clientID, clientSecret: Secret(secret ?? azure.clientSecret),
            subscriptionID: azure.subscriptionID, authorityHost: azure.authorityHost))
    }

    func kubernetes(token: String? = nil) throws -> CloudCredential {
        let cluster = simulator.credentials.kubernetes
        return .kubernetes(try KubernetesCredential(
            contextName: "sim", server: cluster.server, certificateAuthorityPEM: nil, insecureSkipTLSVerify: false,
            authentication: .bearerToken(Secret(token ?? cluster.token)), namespace: cluster.namespace))
    }

    /// A job spec for `target`: a container job unless `trainer` is given.
    func spec(
        _ target: ComputeTarget, jobID: String = "job-\(UUID().uuidString.prefix(8).lowercased())", attempt: Int = 1,
        trainer: String? = nil, image: String = "registry.example/train:1", dataset: String? = nil, checkpointURI: String? = nil
    ) -> ProviderJobSpec {
        let workload: Workload = trainer.map { .trainer($0) } ?? .container(image: image, command: ["python", "train.py", "--epochs", "3"])
        return ProviderJobSpec(
            jobID: jobID, organization: "acme", name: "resnet finetune", workload: workload, dataset: dataset,
            config: ["epochs": .int(3), "label": .string("y")], resources: ResourceRequest(gpus: 1), target: target, attempt: attempt,
            checkpointURI: checkpointURI)
    }
}

/// Reads an `AdapterError` out of a throwing call.
func adapterError(_ body: () async throws -> Void) async -> AdapterError? {
    do {
        try await body()
        return nil
    } catch let error as AdapterError {
        return error
    } catch {
        return AdapterError(.unavailable, provider: .platform, code: "NotAnAdapterError", message: "\(error)")
    }
}
