import Adapters
import Credentials
import Foundation
import Logging
import Testing
import TestSupport

/// Keeps every record logged through it.
final class CapturingLogHandler: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var records: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fields = (event.metadata ?? [:]).merging(metadata) { new, _ in new }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        lock.withLock { records.append("\(event.message) \(fields.joined(separator: " "))") }
    }

    var lines: [String] { lock.withLock { records } }
}

@Suite("Provider calls: time limits, user agent, logs without secrets", .serialized,
       .enabled(if: ProviderSimulator.isAvailable, "aiohttp is installed in the test venv by make test"))
final class RequestLoggingTests {
    let fixture: SimulatorFixture

    init() async throws {
        fixture = try await SimulatorFixture()
    }

    @Test("each call logs method, host, route template, status and latency; no key, token or signature appears")
    func logsWithoutSecrets() async throws {
        let handler = CapturingLogHandler()
        let logger = Logger(label: "test") { _ in handler }
        let sageMaker = SageMakerAdapter(client: fixture.client, logger: logger)
        let vertex = VertexAdapter(client: fixture.client, logger: logger)
        let awsTarget = ComputeTarget(
            provider: .sagemaker, region: "us-east-1", machine: .instance(type: "ml.g5.xlarge"), endpoint: fixture.endpoint,
            settings: .sagemaker(SageMakerSettings(roleARN: "arn:aws:iam::123456789012:role/T", outputURI: "s3://b/o")))
        let gcpTarget = ComputeTarget(
            provider: .vertex, region: "us-central1", machine: .hostWithAccelerator(machineType: "g2-standard-4", accelerator: "L4", count: 1),
            endpoint: fixture.endpoint, settings: .vertex(VertexSettings(outputURI: "gs://b/o")))
        let awsID = try await sageMaker.submit(fixture.spec(awsTarget), credentials: try fixture.aws())
        _ = try await sageMaker.status(of: awsID, at: awsTarget, credentials: try fixture.aws())
        let gcpID = try await vertex.submit(fixture.spec(gcpTarget), credentials: try fixture.gcp())
        _ = try await vertex.status(of: gcpID, at: gcpTarget, credentials: try fixture.gcp())

        let lines = handler.lines
        #expect(lines.count >= 5, "\(lines)")
        #expect(lines.contains { $0.contains("route=POST / SageMaker.CreateTrainingJob") && $0.contains("status=200") && $0.contains("latency_ms=") })
        #expect(lines.contains { $0.contains("route=GET /v1/{job}") && $0.contains("host=127.0.0.1") && $0.contains("method=GET") })
        #expect(!lines.contains { $0.contains(gcpID.rawValue) }, "raw paths stay out of the logs")
        let secrets = [fixture.simulator.credentials.aws.secretAccessKey, "Signature=", "Bearer", "ya29.", "PRIVATE KEY"]
        for secret in secrets {
            #expect(!lines.contains { $0.contains(secret) }, "\(secret) leaked")
        }
        let requests = try await fixture.simulator.requests()
        #expect(requests.allSatisfy { $0.userAgent == ProviderHTTPClient.userAgent }, "\(Set(requests.map(\.userAgent)))")
    }

    @Test("a provider that does not answer in time is a retryable Timeout; one that cannot be reached is a retryable Transport error")
    func timeouts() async throws {
        let target = ComputeTarget(
            provider: .kubernetes, region: "*", machine: .gpus(model: "T4", count: 1),
            settings: .kubernetes(KubernetesSettings(namespace: "training", image: "registry.acme.internal/train:1")))
        // A cluster that takes the connection and never answers.
        let silent = try SilentListener()
        var mute = target
        mute.endpoint = silent.endpoint
        let impatient = KubernetesAdapter(client: fixture.client, timeout: .milliseconds(300))
        let slow = await adapterError { _ = try await impatient.submit(self.fixture.spec(mute), credentials: try self.fixture.kubernetes()) }
        #expect(slow?.errorClass == .retryable && slow?.code == "Timeout", "\(String(describing: slow))")

        var unreachable = target
        unreachable.endpoint = "http://127.0.0.1:\(try LoopbackPort.free())"
        let closed = await adapterError { _ = try await impatient.submit(self.fixture.spec(unreachable), credentials: try self.fixture.kubernetes()) }
        #expect(closed?.errorClass == .retryable && closed?.code == "Transport", "\(String(describing: closed))")
    }
}
