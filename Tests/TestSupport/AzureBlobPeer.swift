import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The Azure Blob peer (`Tests/Peers/azure_blob_peer.py`, run from the test venv) on a loopback port: an in-memory
/// Blob service that authorizes every request with azure-storage-blob's own code (the SDK's Shared Key policy
/// recomputes each `Authorization` header; its SAS generator recomputes each token's `sig`) and logs each request.
public final class AzureBlobPeer: @unchecked Sendable {
    /// The storage emulator's published account name.
    public static let accountName = "devstoreaccount1"
    /// The storage emulator's published account key (base64).
    public static let accountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

    /// `http://127.0.0.1:PORT/devstoreaccount1`.
    public let endpoint: String
    private let process: Process
    private let folder: String

    /// One request as the peer logged it once answered.
    public struct LoggedRequest: Decodable, Sendable {
        public let method: String
        /// The path as sent (percent-encoded).
        public let path: String
        /// The decoded query parameters.
        public let query: [String: String]
        /// The Blob REST operation, e.g. `PutBlock`; `nil` when the request named none.
        public let operation: String?
        /// `SharedKey`, `SAS` or `none`.
        public let auth: String
        /// The headers as received, names lower-cased, without `Authorization`.
        public let headers: [String: String]
        public let status: Int
        /// The `x-ms-error-code` of an error answer.
        public let error: String?
        /// Monotonic seconds when the request was read and when its answer was sent.
        public let started: Double
        public let finished: Double
    }

    /// Why the peer could not be started.
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// Whether the test venv has azure-storage-blob (tests that need the peer are skipped with this reason otherwise).
    public static var isAvailable: Bool {
        guard let python = Repository.venvPython else { return false }
        return (try? Subprocess.run(python, ["-c", "import azure.storage.blob"]))?.status == 0
    }

    /// Starts a peer off Swift's cooperative threads (starting blocks until it listens).
    ///
    /// - Parameters:
    ///   - containers: the containers that exist.
    ///   - blockDelay: seconds the peer holds each Put Block before answering, so that parallel uploads overlap visibly.
    public static func start(containers: [String], blockDelay: Double = 0) async throws -> AzureBlobPeer {
        try await blockingWork { try AzureBlobPeer(containers: containers, blockDelay: blockDelay) }
    }

    /// Starts a peer and waits until it listens. This blocks: from async code use ``start(containers:blockDelay:)``.
    public init(containers: [String], blockDelay: Double = 0) throws {
        guard let python = Repository.venvPython else { throw Unavailable(description: "no test venv at .build/venv (run make test)") }
        folder = try Repository.temporaryFolder("azure-peer")
        let portFile = "\(folder)/port", errors = "\(folder)/stderr"
        guard FileManager.default.createFile(atPath: errors, contents: nil) else { throw Unavailable(description: "cannot create \(errors)") }
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            Repository.path("Tests/Peers/azure_blob_peer.py"), "--account", Self.accountName, "--key", Self.accountKey,
            "--port-file", portFile, "--log", "\(folder)/requests.jsonl", "--block-delay", String(blockDelay),
        ] + containers.flatMap { ["--container", $0] }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: errors)
        try process.run()
        for _ in 0..<300 {
            if let port = (try? String(contentsOfFile: portFile, encoding: .utf8)).flatMap({ Int($0) }) {
                endpoint = "http://127.0.0.1:\(port)/\(Self.accountName)"
                return
            }
            guard process.isRunning else { break }
            usleep(100_000)
        }
        Self.stop(process)
        let output = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
        throw Unavailable(description: "the Azure Blob peer did not start listening within 30 s: \(output)")
    }

    deinit {
        Self.stop(process)
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The requests answered so far, in the order their answers were sent.
    public func requests() throws -> [LoggedRequest] {
        guard let log = FileManager.default.contents(atPath: "\(folder)/requests.jsonl") else { return [] }
        return try log.split(separator: UInt8(ascii: "\n")).map { try JSONDecoder().decode(LoggedRequest.self, from: Data($0)) }
    }

    private static func stop(_ process: Process) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
