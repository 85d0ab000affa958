import Adapters
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The service, measured as a real `trainyard serve` process (release build):
/// - one status-sync cycle over 10,000 running jobs spread over SageMaker, Vertex AI, Azure ML and Kubernetes,
///   against the provider simulator answering each status call after 50 ms (goal ≤ 5 s), and the server's peak
///   RSS (goal ≤ 200 MB);
/// - `GET /v1/jobs/{id}` requests per second under `wrk`, against the same route of a minimal FastAPI + uvicorn
///   app over the same SQLite rows, measured in the same run (goal: ≥ 10×).
enum ServiceBenchmark {
    static let jobsPerProvider = 2_500
    static let latency = 0.05
    static let cycleGoalSeconds = 5.0
    static let rssGoalMB = 200.0
    static let ratioGoal = 10.0

    static func run(repositoryRoot: String) async throws {
        let binary = "\(repositoryRoot)/.build/release/trainyard"
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw Peer.PeerError("\(binary) is missing: make bench builds it") }
        let simulators = try ["sagemaker", "vertex", "azureml", "kubernetes"].map { name in
            try SimulatorPeer(repositoryRoot: repositoryRoot, provider: .init(rawValue: name)!)
        }
        defer { simulators.forEach { $0.stop() } }
        let home = NSTemporaryDirectory() + "trainyard-bench-serve-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: home) }
        let server = try ServeProcess(binary: binary, home: home, repositoryRoot: repositoryRoot, syncInterval: 10)
        defer { server.stop() }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 32)))
        do {
            let api = APICaller(client: client, base: server.base, key: server.adminKey)
            let someJob = try await populate(api, simulators: simulators)
            try await syncCycle(api, server: server, simulators: simulators, client: client)
            // The same rows served without a sync loop beside, as the peer serves them.
            server.stop()
            let reader = try ServeProcess(binary: binary, home: home, repositoryRoot: repositoryRoot, syncInterval: 0, key: server.adminKey)
            defer { reader.stop() }
            try await requestsPerSecond(server: reader, job: someJob, home: home, repositoryRoot: repositoryRoot)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    /// Credentials and a profile per simulated provider, then 2,500 jobs on each through `POST /v1/jobs`.
    private static func populate(_ api: APICaller, simulators: [SimulatorPeer]) async throws -> String {
        for simulator in simulators {
            let (credential, profile) = try simulator.registration()
            try await api.expect(201, .POST, "/v1/credentials", body: credential)
            try await api.expect(201, .PUT, "/v1/profiles/\(simulator.provider.rawValue)", body: profile)
        }
        let bodies = (0..<(jobsPerProvider * simulators.count)).map { index in
            let simulator = simulators[index % simulators.count]
            return #"{"profile": "\#(simulator.provider.rawValue)", "name": "bench-\#(index)", "image": "\#(simulator.target().image)", "command": ["python", "train.py"], "resources": {"gpus": 1}, "estimated_hours": 2}"#
        }
        let started = ContinuousClock.now
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            var pending = bodies[...]
            var ids: [String] = []
            for _ in 0..<32 { if let body = pending.popFirst() { group.addTask { try await api.submit(body) } } }
            for try await id in group {
                ids.append(id)
                if let body = pending.popFirst() { group.addTask { try await api.submit(body) } }
            }
            return ids
        }
        print(String(format: "service   %d jobs submitted through POST /v1/jobs to 4 simulated providers in %.1f s",
                     ids.count, Measure.seconds(ContinuousClock.now - started)))
        return ids[ids.count / 2]
    }

    /// Waits for a whole sync cycle that started after the simulators slowed to 50 ms, and reads its duration.
    private static func syncCycle(_ api: APICaller, server: ServeProcess, simulators: [SimulatorPeer], client: HTTPClient) async throws {
        for simulator in simulators { try await simulator.setLatency(latency, client: client) }
        let first = try await waitForCycle(after: try await api.syncCycles().count, api)
        let second = try await waitForCycle(after: first.count, api)
        let seconds = second.sum - first.sum
        let polled = try await api.gauge("trainyard_sync_jobs_polled")
        let rss = server.peakRSSMegabytes()
        print(String(format: "service   sync cycle: %.0f jobs polled over 4 providers at %.0f ms per call: %.2f s (goal ≤ %.0f s, %@)",
                     polled, latency * 1000, seconds, cycleGoalSeconds, seconds <= cycleGoalSeconds ? "met" : "NOT met"))
        print(String(format: "service   server peak RSS after the cycles: %.0f MB (goal ≤ %.0f MB, %@)",
                     rss, rssGoalMB, rss <= rssGoalMB ? "met" : "NOT met"))
    }

    private static func waitForCycle(after count: Double, _ api: APICaller) async throws -> (count: Double, sum: Double) {
        for _ in 0..<1200 {
            let cycles = try await api.syncCycles()
            if cycles.count > count { return cycles }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Peer.PeerError("no sync cycle finished within 120 s")
    }

    /// `wrk` against the server and against the FastAPI peer over the same database, one after the other.
    private static func requestsPerSecond(server: ServeProcess, job: String, home: String, repositoryRoot: String) async throws {
        let peerPort = try freePort()
        let peer = Process()
        peer.executableURL = URL(fileURLWithPath: "\(repositoryRoot)/.build/venv/bin/python3")
        peer.arguments = ["\(repositoryRoot)/Benchmarks/peers/jobs_api_peer.py", "\(home)/state.db", "\(peerPort)"]
        peer.standardOutput = FileHandle.nullDevice
        peer.standardError = FileHandle.nullDevice
        try peer.run()
        defer {
            kill(peer.processIdentifier, SIGKILL)
            peer.waitUntilExit()
        }
        try waitUntilAnswering("\(server.base)/v1/jobs/\(job)", key: server.adminKey)
        try waitUntilAnswering("http://127.0.0.1:\(peerPort)/v1/jobs/\(job)", key: server.adminKey)
        let ours = try wrk("\(server.base)/v1/jobs/\(job)", key: server.adminKey)
        let theirs = try wrk("http://127.0.0.1:\(peerPort)/v1/jobs/\(job)", key: server.adminKey)
        let ratio = ours / theirs
        print(String(format: "service   GET /v1/jobs/{id} (wrk, 2 threads, 32 connections, 10 s): trainyard serve %.0f req/s, FastAPI + uvicorn %.0f req/s: %.1f× (goal ≥ %.0f×, %@)",
                     ours, theirs, ratio, ratioGoal, ratio >= ratioGoal ? "met" : "NOT met"))
    }

    private static func wrk(_ url: String, key: String) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
        process.arguments = ["-t2", "-c32", "-d10s", "-H", "Authorization: Bearer \(key)", url]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Requests/sec:") }),
              let value = Double(line.split(separator: " ").last ?? "") else { throw Peer.PeerError("wrk printed no rate: \(text)") }
        if text.contains("Non-2xx") { throw Peer.PeerError("wrk saw errors: \(text)") }
        return value
    }

    private static func waitUntilAnswering(_ url: String, key: String) throws {
        for _ in 0..<200 {
            let curl = Process()
            curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            curl.arguments = ["-fs", "-o", "/dev/null", "-H", "Authorization: Bearer \(key)", url]
            try curl.run()
            curl.waitUntilExit()
            if curl.terminationStatus == 0 { return }
            usleep(100_000)
        }
        throw Peer.PeerError("the FastAPI peer did not answer \(url)")
    }
}

/// `trainyard serve` (release) in a fresh state folder, with a bootstrap admin key.
final class ServeProcess {
    let process: Process
    let base: String
    let adminKey: String

    /// Starts the server; without `key`, on a fresh state folder whose admin key it prints.
    init(binary: String, home: String, repositoryRoot: String, syncInterval: Double, key: String? = nil) throws {
        let port = try freePort()
        base = "http://127.0.0.1:\(port)"
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--port", "\(port)", "--bootstrap-organization", "bench", "--sync-interval", "\(syncInterval)",
                             "--provider-rate", "0", "--catalog", "\(repositoryRoot)/profiles/catalog"]
        process.environment = ProcessInfo.processInfo.environment.merging(["TRAINYARD_HOME": home]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        if let key {
            adminKey = key
            return
        }
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        guard let key = line.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines), key.hasPrefix("ty_") else {
            throw Peer.PeerError("trainyard serve printed no key: \(line)")
        }
        adminKey = key
    }

    /// The server's peak resident set (`VmHWM`), in MB.
    func peakRSSMegabytes() -> Double {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return (Double(line.split(separator: " ").dropFirst().first ?? "") ?? 0) / 1024
    }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// Calls the API with the admin key.
struct APICaller: Sendable {
    let client: HTTPClient
    let base: String
    let key: String

    @discardableResult
    func call(_ method: HTTPMethod, _ path: String, body: String? = nil) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(key)")
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        for attempt in 0..<300 {
            do {
                let response = try await client.execute(request, timeout: .seconds(60))
                return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 16 << 20)))
            } catch where attempt < 299 {
                try await Task.sleep(for: .milliseconds(100))  // the server is still starting
            }
        }
        throw Peer.PeerError("\(path) never answered")
    }

    func expect(_ status: Int, _ method: HTTPMethod, _ path: String, body: String) async throws {
        let answer = try await call(method, path, body: body)
        guard answer.status == status else { throw Peer.PeerError("\(method) \(path): \(answer.status) \(answer.body)") }
    }

    func submit(_ body: String) async throws -> String {
        let answer = try await call(.POST, "/v1/jobs", body: body)
        guard answer.status == 202, let object = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any],
              let id = object["id"] as? String, object["state"] as? String == "running" else {
            throw Peer.PeerError("submission failed: \(answer.status) \(answer.body)")
        }
        return id
    }

    /// The sync-cycle histogram's count and sum.
    func syncCycles() async throws -> (count: Double, sum: Double) {
        let text = try await call(.GET, "/metrics").body
        return (value(text, "trainyard_sync_cycle_duration_seconds_count") ?? 0, value(text, "trainyard_sync_cycle_duration_seconds_sum") ?? 0)
    }

    func gauge(_ name: String) async throws -> Double { value(try await call(.GET, "/metrics").body, name) ?? 0 }

    private func value(_ text: String, _ name: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }
}

/// A free loopback port.
func freePort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
    }
    guard bound else { throw Peer.PeerError("no free port") }
    return Int(UInt16(bigEndian: address.sin_port))
}

extension SimulatorPeer {
    /// The `POST /v1/credentials` body for the simulator's credential and a profile with one candidate on it.
    func registration() throws -> (credential: String, profile: String) {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/credentials.json"))
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw Peer.PeerError("unreadable simulator credentials") }
        let aws = json["aws"] as? [String: String] ?? [:], azure = json["azure"] as? [String: String] ?? [:]
        let kubernetes = json["kubernetes"] as? [String: String] ?? [:]
        let credential: [String: Any]
        let candidate: String
        switch provider {
        case .sagemaker:
            credential = ["provider": "aws", "access_key_id": aws["accessKeyID"] ?? "", "secret_access_key": aws["secretAccessKey"] ?? "", "region": "us-east-1"]
            candidate = #"{provider: sagemaker, credentials: sagemaker, region: us-east-1, instance_type: ml.g5.xlarge, endpoint: "\#(endpoint)", role_arn: "arn:aws:iam::123456789012:role/T", output_uri: "s3://b/o"}"#
        case .vertex:
            let key = String(decoding: try JSONSerialization.data(withJSONObject: json["gcp"] ?? [:]), as: UTF8.self)
            credential = ["provider": "gcp", "service_account_key": key]
            candidate = #"{provider: vertex, credentials: vertex, region: us-central1, machine_type: g2-standard-4, accelerator: L4, endpoint: "\#(endpoint)", output_uri: "gs://b/o"}"#
        case .azureml:
            credential = ["provider": "azure", "tenant_id": azure["tenantID"] ?? "", "client_id": azure["clientID"] ?? "", "client_secret": azure["clientSecret"] ?? "",
                          "subscription_id": azure["subscriptionID"] ?? "", "authority_host": azure["authorityHost"] ?? ""]
            candidate = #"{provider: azureml, credentials: azureml, region: eastus, instance_type: Standard_NC4as_T4_v3, endpoint: "\#(endpoint)", resource_group: rg, workspace: ws1, compute: gpu}"#
        case .kubernetes, .platform:
            let kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters: [{name: sim, cluster: {server: "\(kubernetes["server"] ?? "")"}}]
                users: [{name: sim, user: {token: "\(kubernetes["token"] ?? "")"}}]
                contexts: [{name: sim, context: {cluster: sim, user: sim, namespace: \(kubernetes["namespace"] ?? "training")}}]
                current-context: sim
                """
            credential = ["provider": "kubernetes", "kubeconfig": kubeconfig]
            candidate = #"{provider: kubernetes, credentials: kubernetes, gpu: T4, namespace: \#(kubernetes["namespace"] ?? "training")}"#
        }
        var body = credential
        body["name"] = provider.rawValue
        let profile = "name: \(provider.rawValue)\nstrategy: preferred\ncandidates:\n  - \(candidate)\n"
        return (String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self), profile)
    }
}
