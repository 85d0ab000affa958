import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process whose standard output arrives line by line and whose standard error goes to a log file.
///
/// Pipes are read with `read(2)` on dedicated threads, retrying on `EINTR`, so signals never break a read.
final class ChildProcess: @unchecked Sendable {
    private let process = Process()
    private let lock = NSLock()
    private var exitStatus: (status: Int32, signalled: Bool)?
    private var exitWaiters: [CheckedContinuation<(status: Int32, signalled: Bool), Never>] = []

    /// Standard output, one line at a time.
    let lines: AsyncStream<String>
    private let linesContinuation: AsyncStream<String>.Continuation

    /// Starts `arguments[0]` with the rest as arguments; standard output and error are also appended to
    /// `logFile` when one is given.
    init(arguments: [String], environment: [String: String], logFile: String?) throws {
        (lines, linesContinuation) = AsyncStream.makeStream(of: String.self)
        guard let executable = arguments.first else { throw CocoaError(.executableNotLoadable) }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(arguments.dropFirst())
        process.environment = environment
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        let log = try logFile.map { path in
            if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seekToEnd()
            return handle
        }
        process.terminationHandler = { [weak self] process in
            self?.exited(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal)
        }
        try process.run()

        let logLock = NSLock()
        let continuation = linesContinuation
        Self.pump(stdout.fileHandleForReading) { chunk in
            logLock.withLock { log?.write(chunk) }
        } line: { continuation.yield($0) } done: { continuation.finish() }
        Self.pump(stderr.fileHandleForReading) { chunk in
            logLock.withLock { log?.write(chunk) }
        } line: { _ in } done: {}
    }

    /// Whether the child has exited.
    var hasExited: Bool { lock.withLock { exitStatus != nil } }

    /// The process id.
    var pid: Int32 { process.processIdentifier }

    /// Sends a signal to the child.
    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for the child to exit: its exit status, or the signal that ended it.
    func waitForExit() async -> (status: Int32, signalled: Bool) {
        await withCheckedContinuation { continuation in
            let ready: (status: Int32, signalled: Bool)? = lock.withLock {
                if let exitStatus { return exitStatus }
                exitWaiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private func exited(status: Int32, signalled: Bool) {
        let waiters = lock.withLock {
            exitStatus = (status, signalled)
            defer { exitWaiters = [] }
            return exitWaiters
        }
        for waiter in waiters { waiter.resume(returning: (status, signalled)) }
    }

    /// Reads `handle` on its own thread until end of file, handing over raw chunks and complete lines.
    private static func pump(
        _ handle: FileHandle, chunk: @escaping @Sendable (Data) -> Void, line: @escaping @Sendable (String) -> Void,
        done: @escaping @Sendable () -> Void
    ) {
        let descriptor = handle.fileDescriptor
        let thread = Thread {
            var pending = Data()
            var buffer = [UInt8](repeating: 0, count: 16_384)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                let data = Data(buffer[0..<count])
                chunk(data)
                pending.append(data)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    line(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                    pending.removeSubrange(pending.startIndex...newline)
                }
            }
            if !pending.isEmpty { line(String(decoding: pending, as: UTF8.self)) }
            withExtendedLifetime(handle) {}
            done()
        }
        thread.start()
    }
}
