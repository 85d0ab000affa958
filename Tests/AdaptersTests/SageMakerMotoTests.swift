import Adapters
import AsyncHTTPClient
import Credentials
import Foundation
import Testing
import TestSupport

/// SageMaker and STS against a real moto server with authentication enforced.
@Suite("SageMaker adapter against moto", .serialized, .enabled(if: MotoServer.isAvailable, "moto[server] is installed in the test venv by make test"))
final class SageMakerMotoTests {
    let moto: MotoServer
    let client = HTTPClient(eventLoopGroupProvider: .singleton)
    let adapter: SageMakerAdapter

    init() async throws {
        moto = try await MotoServer.start()
        adapter = SageMakerAdapter(client: client)
    }

    deinit {
        try? client.syncShutdown()
    }

    var target: ComputeTarget {
        ComputeTarget(
            provider: .sagemaker, region: "us-east-1", machine: .instance(type: "ml.g5.xlarge"), credentials: "aws", endpoint: moto.endpoint,
            settings: .sagemaker(SageMakerSettings(roleARN: "arn:aws:iam::123456789012:role/TrainyardTraining", outputURI: "s3://acme-models/out",
                                                   image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/trainyard:0.6")))
    }

    func credential(secret: String? = nil) throws -> CloudCredential {
        .aws(try AWSAccessKeyCredential(accessKeyID: moto.accessKeyID, secretAccessKey: Secret(secret ?? moto.secretAccessKey), region: "us-east-1"))
    }

    func spec(_ jobID: String) -> ProviderJobSpec {
        ProviderJobSpec(jobID: jobID, organization: "acme", name: "moto run", workload: .trainer("logistic"), dataset: "s3://acme-data/iris.csv",
                        config: ["epochs": .int(2)], resources: ResourceRequest(gpus: 1), target: target, attempt: 1)
    }

    @Test("create and describe succeed with good keys, and STS names the caller")
    func createAndDescribe() async throws {
        let id = try await adapter.submit(spec("job-moto-1"), credentials: try credential())
        #expect(id.rawValue == "ty-job-moto-1-1")
        let status = try await adapter.status(of: id, at: target, credentials: try credential())
        #expect(status.providerState == "Completed" && status.state == .completed)
        let validation = try await adapter.validateCredentials(try credential(), for: target)
        #expect(validation.valid)
        #expect(validation.identity?.contains("arn:aws:iam::") == true)
        // A second submission of the same attempt adopts the job instead of failing.
        #expect(try await adapter.submit(spec("job-moto-1"), credentials: try credential()) == id)
    }

    @Test("a wrong secret is classified credentials, and validation says why")
    func wrongSecret() async throws {
        let error = await adapterError { _ = try await self.adapter.submit(self.spec("job-moto-2"), credentials: try self.credential(secret: "not-the-secret")) }
        #expect(error?.errorClass == .credentials, "\(String(describing: error))")
        let validation = try await adapter.validateCredentials(try credential(secret: "not-the-secret"), for: target)
        #expect(!validation.valid)
        #expect(validation.message?.contains("SignatureDoesNotMatch") == true)
    }
}
