import Adapters
import AsyncHTTPClient
import Credentials
import Foundation
import Orchestrator

/// Status polling of 10,000 jobs spread over SageMaker, Vertex AI, Azure ML and Kubernetes against the provider
/// simulator answering each call after 50 ms: one full cycle with the default concurrency (goal ≤ 5 s) and the
/// adapters' CPU time per 1,000 polls.
enum AdaptersBenchmark {
    static let jobs = 10_000
    static let latency = 0.05
    static let goalSeconds = 5.0

    static func run(repositoryRoot: String) async throws {
        // One simulator process per provider, as each provider is its own host.
        let simulators = try ProviderKind.allCases.filter { $0 != .platform }.map { try SimulatorPeer(repositoryRoot: repositoryRoot, provider: $0) }
        defer { simulators.forEach { $0.stop() } }
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: StatusPoller.defaultConcurrencyPerProvider)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            try await cycle(simulators: simulators, client: client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    private static func cycle(simulators: [SimulatorPeer], client: HTTPClient) async throws {
        let adapters: [any ComputeAdapter] = [
            SageMakerAdapter(client: client), VertexAdapter(client: client), AzureMLAdapter(client: client), KubernetesAdapter(client: client),
        ]
        let targets = simulators.map { $0.target() }
        let credentials = Dictionary(uniqueKeysWithValues: try simulators.map { ($0.provider, try $0.credential()) })

        // Submit the jobs without latency, a provider per job in turn.
        let specs = (0..<jobs).map { index -> ProviderJobSpec in
            let target = targets[index % targets.count]
            return ProviderJobSpec(
                jobID: "job-bench-\(index)", organization: "acme", name: "bench", workload: .container(image: target.image, command: ["python", "train.py"]),
                dataset: nil, config: [:], resources: ResourceRequest(gpus: 1), target: target.target, attempt: 1)
        }
        let submitted = try await withThrowingTaskGroup(of: StatusPoller.Item.self) { group in
            var items: [StatusPoller.Item] = []
            var pending = specs[...]
            func start(_ spec: ProviderJobSpec) {
                let adapter = adapters.first { $0.provider == spec.target.provider }!
                let credential = credentials[spec.target.provider]
                group.addTask {
                    StatusPoller.Item(key: spec.jobID, providerJobID: try await adapter.submit(spec, credentials: credential),
                                      target: spec.target, credentials: credential)
                }
            }
            for _ in 0..<64 { if let spec = pending.popFirst() { start(spec) } }
            for try await item in group {
                items.append(item)
                if let spec = pending.popFirst() { start(spec) }
            }
            return items
        }

        for simulator in simulators { try await simulator.setLatency(latency, client: client) }
        let poller = StatusPoller(adapters: adapters)
        _ = await poller.poll(Array(submitted.prefix(400)))  // warm connections and token caches
        let cpuBefore = processCPUSeconds()
        let started = ContinuousClock.now
        let results = await poller.poll(submitted)
        let seconds = Measure.seconds(ContinuousClock.now - started)
        let cpu = processCPUSeconds() - cpuBefore
        let failures = results.values.filter { if case .failure = $0 { true } else { false } }.count
        print(String(format: "adapters  status cycle: %d jobs over 4 providers, %.0f ms per call, concurrency %d per provider: %.2f s (goal ≤ %.0f s, %@), %d errors",
                     jobs, latency * 1000, StatusPoller.defaultConcurrencyPerProvider, seconds, goalSeconds,
                     seconds <= goalSeconds ? "met" : "NOT met", failures))
        print(String(format: "adapters  CPU per 1,000 polls (this process, adapters + HTTP client): %.3f s", cpu / Double(jobs) * 1000))
    }

    /// User + system CPU seconds of this process.
    private static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}

/// `Tests/Peers/provider_simulator`, the adapters' test peer, serving one provider on a loopback port.
final class SimulatorPeer {
    struct Target {
        var target: ComputeTarget
        var image: String
    }

    let provider: ProviderKind
    let endpoint: String
    private let process: Process
    let folder: String

    init(repositoryRoot: String, provider: ProviderKind) throws {
        self.provider = provider
        let python = "\(repositoryRoot)/.build/venv/bin/python3"
        folder = NSTemporaryDirectory() + "trainyard-bench-sim-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.currentDirectoryURL = URL(fileURLWithPath: "\(repositoryRoot)/Tests/Peers")
        process.arguments = ["-m", "provider_simulator", "--specs", "\(repositoryRoot)/../shared/api-specs", "--state-dir", folder, "--providers", provider.rawValue]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<300 {
            if let port = (try? String(contentsOfFile: "\(folder)/port", encoding: .utf8)).flatMap({ Int($0) }) {
                endpoint = "http://127.0.0.1:\(port)"
                return
            }
            usleep(100_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        throw Peer.PeerError("the provider simulator did not start")
    }

    /// SIGKILL: the server's event loop finishes open connections before it obeys SIGTERM.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: folder)
    }

    func setLatency(_ seconds: Double, client: HTTPClient) async throws {
        var request = HTTPClientRequest(url: "\(endpoint)/_sim/latency")
        request.method = .POST
        request.body = .bytes(Array("{\"seconds\": \(seconds)}".utf8))
        let response = try await client.execute(request, timeout: .seconds(10))
        guard response.status == .ok else { throw Peer.PeerError("the simulator refused the latency (\(response.status))") }
    }

    func credential() throws -> CloudCredential {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/credentials.json"))
        let json = try JSONSerialization.jsonObject(with: data) as! [String: [String: String]]
        let aws = json["aws"]!, azure = json["azure"]!, kubernetes = json["kubernetes"]!
        switch provider {
        case .sagemaker:
            return .aws(try AWSAccessKeyCredential(accessKeyID: aws["accessKeyID"]!, secretAccessKey: Secret(aws["secretAccessKey"]!), region: "us-east-1"))
        case .vertex:
            return .gcp(try GCPServiceAccountKey(json: Array(try JSONSerialization.data(withJSONObject: json["gcp"]!))))
        case .azureml:
            return .azure(try AzureServicePrincipal(tenantID: azure["tenantID"]!, clientID: azure["clientID"]!, clientSecret: Secret(azure["clientSecret"]!),
                                                    subscriptionID: azure["subscriptionID"]!, authorityHost: azure["authorityHost"]!))
        case .kubernetes, .platform:
            return .kubernetes(try KubernetesCredential(contextName: "bench", server: kubernetes["server"]!, certificateAuthorityPEM: nil,
                                                        insecureSkipTLSVerify: false, authentication: .bearerToken(Secret(kubernetes["token"]!)),
                                                        namespace: kubernetes["namespace"]!))
        }
    }

    func target() -> Target {
        switch provider {
        case .sagemaker:
            Target(target: ComputeTarget(provider: .sagemaker, region: "us-east-1", machine: .instance(type: "ml.g5.xlarge"), endpoint: endpoint,
                                         settings: .sagemaker(SageMakerSettings(roleARN: "arn:aws:iam::123456789012:role/T", outputURI: "s3://b/o"))),
                   image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/train:1")
        case .vertex:
            Target(target: ComputeTarget(provider: .vertex, region: "us-central1", machine: .hostWithAccelerator(machineType: "g2-standard-4", accelerator: "L4", count: 1),
                                         endpoint: endpoint, settings: .vertex(VertexSettings(outputURI: "gs://b/o"))),
                   image: "us-docker.pkg.dev/acme/train:1")
        case .azureml:
            Target(target: ComputeTarget(provider: .azureml, region: "eastus", machine: .instance(type: "Standard_NC4as_T4_v3"), endpoint: endpoint,
                                         settings: .azureml(AzureMLSettings(resourceGroup: "rg", workspace: "ws1", compute: "gpu"))),
                   image: "azureml:train:1")
        case .kubernetes, .platform:
            Target(target: ComputeTarget(provider: .kubernetes, region: "*", machine: .gpus(model: "T4", count: 1), endpoint: endpoint,
                                         settings: .kubernetes(KubernetesSettings(namespace: "training"))),
                   image: "registry.acme.internal/train:1")
        }
    }
}
