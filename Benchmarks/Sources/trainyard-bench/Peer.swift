import Foundation

/// A Python peer measured in the same run: `Benchmarks/peers/NAME.py`, run with the test venv's Python.
enum Peer {
    /// Runs a peer script; its last output line must be a JSON object of figures.
    static func run(_ script: String, repositoryRoot: String, arguments: [String] = []) throws -> [String: Double] {
        let python = "\(repositoryRoot)/.build/venv/bin/python3"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw PeerError("no test venv at \(python): run `make bench` (it prepares the venv)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["\(repositoryRoot)/Benchmarks/peers/\(script)"] + arguments
        // Peers run on one core, like the Swift side.
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let last = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).last,
              let figures = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Double] else {
            throw PeerError("the peer \(script) failed (status \(process.terminationStatus))")
        }
        return figures
    }

    struct PeerError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
