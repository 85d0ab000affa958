import AsyncHTTPClient
import Foundation
import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// The spec-driven provider simulator (`Tests/Peers/provider_simulator`, run from the test venv) on a loopback port:
/// SageMaker + STS, Vertex AI, Azure ML and Kubernetes in one process. It validates every request against the vendor
/// schemas in `../shared/api-specs`, checks authentication like each provider, walks jobs through the providers'
/// state names on a clock the test moves, and injects the providers' real error answers on demand.
public final class ProviderSimulator: @unchecked Sendable {
    /// `http://127.0.0.1:PORT`: every provider's endpoint, token endpoints included.
    public let endpoint: String
    /// The credentials the simulator accepts, as it wrote them.
    public let credentials: Credentials
    private let process: Process
    private let folder: String
    private let client: HTTPClient

    /// The credentials the simulator generated.
    public struct Credentials: Decodable, Sendable {
        public let aws: AWS
        /// The service-account key file (JSON) for Vertex AI.
        public let gcp: [String: String]
        public let azure: Azure
        public let kubernetes: Kubernetes

        public struct AWS: Decodable, Sendable {
            public let accessKeyID: String
            public let secretAccessKey: String
            public let account: String
        }

        public struct Azure: Decodable, Sendable {
            public let tenantID: String
            public let clientID: String
            public let clientSecret: String
            public let subscriptionID: String
            public let authorityHost: String
        }

        public struct Kubernetes: Decodable, Sendable {
            public let server: String
            public let token: String
            public let namespace: String
            /// A token that authenticates but may not create jobs.
            public let deniedToken: String
        }

        /// The GCP key as the JSON file a user would register.
        public var gcpKeyJSON: [UInt8] {
            Array((try? JSONSerialization.data(withJSONObject: gcp, options: [.sortedKeys])) ?? Data())
        }
    }

    /// One request as the simulator answered it.
    public struct LoggedRequest: Decodable, Sendable {
        public let provider: String
        public let operation: String
        public let method: String
        public let path: String
        public let status: Int
        public let error: String?
        public let userAgent: String?
        /// The JSON request body.
        public let body: JSONValue?
    }

    /// A job the simulator holds.
    public struct SimulatedJob: Decodable, Sendable {
        public let provider: String
        public let id: String
        public let state: String
        public let secondary: String?
        public let deleted: Bool
        public let body: JSONValue?
    }

    /// Why the simulator could not be started.
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// The vendor schemas the simulator validates against.
    public static var specsFolder: String {
        Repository.root.deletingLastPathComponent().appendingPathComponent("shared/api-specs").path
    }

    /// Whether the test venv has aiohttp and the schemas exist (tests are skipped with this reason otherwise).
    public static var isAvailable: Bool {
        guard let python = Repository.venvPython, FileManager.default.fileExists(atPath: specsFolder) else { return false }
        return (try? Subprocess.run(python, ["-c", "import aiohttp, cryptography, botocore"]))?.status == 0
    }

    /// Starts a simulator off Swift's cooperative threads; `latency` delays every provider call.
    public static func start(latency: Double = 0) async throws -> ProviderSimulator {
        try await blockingWork { try ProviderSimulator(latency: latency) }
    }

    /// Starts a simulator and waits until it listens. This blocks: from async code use ``start(latency:)``.
    public init(latency: Double = 0) throws {
        guard let python = Repository.venvPython else { throw Unavailable(description: "no test venv at .build/venv (run make test)") }
        folder = try Repository.temporaryFolder("provider-sim")
        let errors = "\(folder)/stderr"
        guard FileManager.default.createFile(atPath: errors, contents: nil) else { throw Unavailable(description: "cannot create \(errors)") }
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.currentDirectoryURL = URL(fileURLWithPath: Repository.path("Tests/Peers"))
        process.arguments = ["-m", "provider_simulator", "--specs", Self.specsFolder, "--state-dir", folder, "--latency", String(latency)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: errors)
        try process.run()
        client = HTTPClient(eventLoopGroupProvider: .singleton)
        for _ in 0..<300 {
            if let port = (try? String(contentsOfFile: "\(folder)/port", encoding: .utf8)).flatMap({ Int($0) }),
               let data = FileManager.default.contents(atPath: "\(folder)/credentials.json") {
                endpoint = "http://127.0.0.1:\(port)"
                credentials = try JSONDecoder().decode(Credentials.self, from: data)
                return
            }
            guard process.isRunning else { break }
            usleep(100_000)
        }
        Self.stop(process)
        try? client.syncShutdown()
        let output = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        throw Unavailable(description: "the provider simulator did not start within 30 s: \(output)")
    }

    deinit {
        Self.stop(process)
        try? client.syncShutdown()
        try? FileManager.default.removeItem(atPath: folder)
    }

    // MARK: Control

    /// Moves the simulated clock forward.
    public func advanceClock(by seconds: Double) async throws {
        try await control("POST", "/_sim/clock", ["advance": seconds])
    }

    /// Makes the next `count` calls of `operation` (`*`: any) at `provider` answer the provider's error `error`.
    public func inject(_ error: String, provider: String, operation: String = "*", count: Int = 1) async throws {
        try await control("POST", "/_sim/faults", ["provider": provider, "operation": operation, "error": error, "count": count])
    }

    /// Makes the next `count` jobs `provider` accepts follow `scenario` (`success` otherwise).
    public func queueScenario(_ scenario: String, provider: String, count: Int = 1) async throws {
        try await control("POST", "/_sim/scenarios", ["provider": provider, "scenario": scenario, "count": count])
    }

    /// Forces `interruption` (spot reclaim, preemption, eviction) on a running job now.
    public func interrupt(provider: String, id: String, interruption: String) async throws {
        try await control("POST", "/_sim/interrupt", ["provider": provider, "id": id, "interruption": interruption])
    }

    /// Sets the delay of every provider call.
    public func setLatency(_ seconds: Double) async throws {
        try await control("POST", "/_sim/latency", ["seconds": seconds])
    }

    /// The requests answered so far, optionally for one provider.
    public func requests(provider: String? = nil) async throws -> [LoggedRequest] {
        try JSONDecoder().decode([LoggedRequest].self, from: Data(try await control("GET", "/_sim/requests" + (provider.map { "?provider=\($0)" } ?? ""))))
    }

    /// The jobs the simulator holds, optionally for one provider.
    public func jobs(provider: String? = nil) async throws -> [SimulatedJob] {
        try JSONDecoder().decode([SimulatedJob].self, from: Data(try await control("GET", "/_sim/jobs" + (provider.map { "?provider=\($0)" } ?? ""))))
    }

    @discardableResult
    private func control(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> [UInt8] {
        var request = HTTPClientRequest(url: endpoint + path)
        request.method = .init(rawValue: method)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        var bytes = try await response.body.collect(upTo: 64 * 1024 * 1024)
        let answer = bytes.readBytes(length: bytes.readableBytes) ?? []
        guard response.status.code == 200 else {
            throw Unavailable(description: "simulator control \(path) answered \(response.status.code): \(String(decoding: answer, as: UTF8.self))")
        }
        return answer
    }

    private static func stop(_ process: Process) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// Any JSON value, for reading request bodies the simulator logged.
public enum JSONValue: Decodable, Sendable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    /// The member at a dotted path (`jobSpec.workerPoolSpecs.0.machineSpec`), numbers indexing arrays.
    public subscript(path: String) -> JSONValue? {
        var current: JSONValue? = self
        for part in path.split(separator: ".") {
            switch current {
            case .object(let members)?: current = members[String(part)]
            case .array(let items)?: current = Int(part).flatMap { $0 < items.count ? items[$0] : nil }
            default: return nil
            }
        }
        return current
    }

    /// The string, when this is one.
    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}
