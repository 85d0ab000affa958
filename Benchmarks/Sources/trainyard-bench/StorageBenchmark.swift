import AsyncHTTPClient
import Credentials
import Foundation
import Storage

/// Presigned S3 URLs against botocore, and 1 GiB transfers to the local backend and to a moto S3 server
/// with the process's peak RSS during each transfer.
enum StorageBenchmark {
    static let presignGoal = 100.0
    static let rssGoalMB = 100.0
    static let fileSize = 1 << 30

    static func run(repositoryRoot: String) async throws {
        try presign(repositoryRoot: repositoryRoot)
        let folder = NSTemporaryDirectory() + "trainyard-bench-storage-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = "\(folder)/source.bin"
        try writeFile(source, size: fileSize)

        let local = LocalStorage(root: "\(folder)/local", baseURL: "http://127.0.0.1:8080",
                                 signer: LocalURLSigner(key: Secret(bytes: try SecureRandom.bytes(count: 32))))
        try await transfers(name: "local", backend: local, source: source, folder: folder)

        let moto = try MotoPeer(repositoryRoot: repositoryRoot, bucket: "bench")
        defer { moto.stop() }
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let s3 = S3Storage(bucket: "bench", region: "us-east-1", credentials: AWSCredentials(accessKeyID: "bench", secretAccessKey: "bench"),
                               endpoint: try S3Endpoint(url: moto.endpoint), addressingStyle: .path, client: client)
            try await transfers(name: "moto s3", backend: s3, source: source, folder: folder)
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private static func presign(repositoryRoot: String) throws {
        let presigner = S3Presigner(
            credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            region: "us-east-1")
        var counter = 0, signed = 0
        let swift = Measure.throughput(seconds: 3, batch: 1000) {
            counter += 1
            let request = S3PresignRequest.getObject(bucket: "trainyard-artifacts", key: "orgs/acme/jobs/\(counter)/model.onnx")
            if (try? presigner.presignedURL(for: request, date: Date(), expiresIn: 3600)) != nil { signed += 1 }
        }
        precondition(signed == counter, "presigning failed")
        let botocore = try Peer.run("s3_presign_peer.py", repositoryRoot: repositoryRoot, arguments: ["3"])["per_second"] ?? 0
        print(String(format: "storage presign: %.0f S3 URLs/s; botocore generate_presigned_url %.0f/s; ratio %.1f (goal >= %.0f)",
                     swift.perSecond, botocore, swift.perSecond / botocore, presignGoal))
    }

    /// Uploads then downloads `source`, printing MiB/s and the peak RSS growth of each direction.
    private static func transfers(name: String, backend: some StorageBackend, source: String, folder: String) async throws {
        let key = try StorageKey(organization: "bench", path: "transfers/1gib.bin")
        let mebibytes = Double(fileSize) / 1_048_576
        let clock = ContinuousClock()

        var baseline = PeakRSS.reset()
        var start = clock.now
        let stored = try await backend.put(key, from: .file(source), contentType: "application/octet-stream", metadata: [:])
        var seconds = Measure.seconds(clock.now - start)
        precondition(stored.size == Int64(fileSize))
        report(name: name, direction: "upload", mebibytes: mebibytes, seconds: seconds, baseline: baseline)

        let target = "\(folder)/\(name.replacingOccurrences(of: " ", with: "-")).bin"
        baseline = PeakRSS.reset()
        start = clock.now
        let fetched = try await backend.get(key, to: target)
        seconds = Measure.seconds(clock.now - start)
        precondition(fetched.sha256 == stored.sha256)
        report(name: name, direction: "download", mebibytes: mebibytes, seconds: seconds, baseline: baseline)
        try await backend.delete(key)
        try FileManager.default.removeItem(atPath: target)
    }

    private static func report(name: String, direction: String, mebibytes: Double, seconds: Double, baseline: Double) {
        let peak = PeakRSS.current()
        print(String(format: "storage %@ %@ of 1 GiB: %.1f s, %.0f MiB/s; peak RSS %.0f MB (+%.0f MB over %.0f MB before; goal: growth < %.0f MB)",
                     name, direction, seconds, mebibytes / seconds, peak, peak - baseline, baseline, rssGoalMB))
    }

    /// Writes `size` bytes of non-repeating data (so nothing compresses or deduplicates).
    private static func writeFile(_ path: String, size: Int) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw Peer.PeerError("cannot create \(path)")
        }
        defer { try? handle.close() }
        var generator = SystemRandomNumberGenerator()
        var chunk = [UInt8](repeating: 0, count: 8 << 20)
        for _ in 0..<(size / chunk.count) {
            chunk.withUnsafeMutableBytes { raw in
                for index in stride(from: 0, to: raw.count, by: 8) { raw.storeBytes(of: generator.next() as UInt64, toByteOffset: index, as: UInt64.self) }
            }
            try handle.write(contentsOf: chunk)
        }
    }
}

/// The process's peak resident set size, from `/proc/self/status` (`VmHWM`), resettable through `/proc/self/clear_refs`.
enum PeakRSS {
    /// Resets the peak to the current RSS and returns it, in MB.
    static func reset() -> Double {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        return field("VmRSS")
    }

    /// The peak since the last reset, in MB.
    static func current() -> Double { field("VmHWM") }

    private static func field(_ name: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("\(name):") }),
              let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return .nan }
        return kilobytes / 1000
    }
}

/// `Benchmarks/peers/moto_server.py`: a moto S3 server with one bucket, stopped by closing its stdin.
final class MotoPeer {
    let endpoint: String
    private let process = Process()
    private let input = Pipe()

    init(repositoryRoot: String, bucket: String) throws {
        process.executableURL = URL(fileURLWithPath: "\(repositoryRoot)/.build/venv/bin/python3")
        process.arguments = ["\(repositoryRoot)/Benchmarks/peers/moto_server.py", bucket]
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != UInt8(ascii: "\n") {
            line.append(first)
        }
        guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: String], let endpoint = object["endpoint"] else {
            process.terminate()
            throw Peer.PeerError("the moto peer did not start")
        }
        self.endpoint = endpoint
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
