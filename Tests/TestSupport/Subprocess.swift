import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a finished child process left behind.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: Data

    /// Standard output as UTF-8 text.
    public var output: String { String(decoding: stdout, as: UTF8.self) }
    /// Standard error as UTF-8 text.
    public var errors: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs child processes for tests, reading their pipes with `read(2)` that retries on `EINTR`
/// (Foundation's `readDataToEndOfFile` traps when a signal such as `SIGCHLD` interrupts it).
public enum Subprocess {
    /// Runs `executable` to completion, feeding `input` on standard input.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        currentDirectory: String? = nil, input: Data = Data()
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()

        let group = DispatchGroup()
        let collected = Collected()
        for (pipe, isError) in [(stdout, false), (stderr, true)] {
            let descriptor = pipe.fileHandleForReading.fileDescriptor
            DispatchQueue.global().async(group: group) {
                let data = readAll(descriptor)
                collected.store(data, isError: isError)
            }
        }
        let writer = stdin.fileHandleForWriting
        DispatchQueue.global().async(group: group) {
            writeAll(input, to: writer.fileDescriptor)
            // Closed through its FileHandle, which owns the descriptor: a raw close(2) here would let
            // the FileHandle close a reused descriptor number later.
            try? writer.close()
        }
        group.wait()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus, stdout: collected.stdout, stderr: collected.stderr)
    }

    /// Reads a descriptor to its end.
    static func readAll(_ descriptor: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: buffer[0..<count])
            } else if count == 0 || errno != EINTR {
                return data
            }
        }
    }

    /// Writes all of `data`, ignoring a reader that went away.
    static func writeAll(_ data: Data, to descriptor: Int32) {
        let bytes = [UInt8](data)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written > 0 {
                offset += written
            } else if errno != EINTR {
                return
            }
        }
    }

    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var out = Data(), err = Data()
        var stdout: Data { lock.withLock { out } }
        var stderr: Data { lock.withLock { err } }
        func store(_ data: Data, isError: Bool) { lock.withLock { if isError { err = data } else { out = data } } }
    }
}
