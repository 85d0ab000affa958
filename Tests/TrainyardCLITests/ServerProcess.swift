import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A real `trainyard serve` process on a free loopback port, and a client of its API.
final class ServerProcess: @unchecked Sendable {
    let process: Process
    let base: String
    /// The admin key the server printed on its first start, when asked to make one.
    let adminKey: String?

    /// Starts the server; with `bootstrap`, it creates an admin key for `acme` (on a fresh state folder) and prints it.
    init(home: URL, bootstrap: Bool, arguments: [String] = [], environment: [String: String] = [:]) async throws {
        let port = try LoopbackPort.free()
        base = "http://127.0.0.1:\(port)"
        process = Process()
        process.executableURL = CLI.executable
        process.arguments = ["serve", "--port", "\(port)"] + (bootstrap ? ["--bootstrap-organization", "acme"] : []) + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment.merging(["TRAINYARD_HOME": home.path]) { $1 }) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        if bootstrap {
            let handle = output.fileHandleForReading
            let line = try await blockingWork { String(decoding: handle.availableData, as: UTF8.self) }
            adminKey = line.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        } else {
            adminKey = nil
        }
        guard await LoopbackPort.listening(port) else {
            process.terminate()
            throw ServerDidNotStart(port: port)
        }
    }

    /// Kills the server at once (no graceful shutdown).
    func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Asks the server to stop gracefully and waits for it.
    func terminate() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// A plain-text route's body (`/metrics`).
    func text(_ path: String) async throws -> String {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: base + path), timeout: .seconds(10))
        return String(buffer: try await response.body.collect(upTo: 16 << 20))
    }

    /// A request without a key; the answer's status.
    func rawStatus(_ method: String, _ path: String, body: String) async throws -> Int {
        var request = HTTPClientRequest(url: base + path)
        request.method = HTTPMethod(rawValue: method)
        request.body = .bytes(ByteBuffer(string: body))
        return Int(try await HTTPClient.shared.execute(request, timeout: .seconds(30)).status.code)
    }

    /// A `GET` without a key; the answer's body as text.
    func rawBody(_ path: String) async throws -> String {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: base + path), timeout: .seconds(30))
        return String(buffer: try await response.body.collect(upTo: 16 << 20))
    }

    /// One API call; the answer's status and JSON body.
    func call(_ method: HTTPMethod, _ path: String, key: String?, body: String? = nil, timeout: TimeAmount = .seconds(30)) async throws -> (status: Int, json: [String: Any]) {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 16 << 20)
        let json = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any] ?? [:]
        return (Int(response.status.code), json)
    }
}

/// `trainyard serve` did not listen within 30 s.
struct ServerDidNotStart: Error {
    let port: Int
}
