import ArgumentParser
import Foundation
import Orchestrator

/// `trainyard logs ID [--follow]`
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Print a platform job's training log.")

    @Argument(help: "The job id.")
    var id: String

    @Flag(help: "Keep printing new lines until the job ends.")
    var follow = false

    func run() async throws {
        let home = TrainyardHome()
        let folder = JobFolder(stateFolder: home.path, jobID: id)
        try await home.withStore { store in
            guard try await store.job(id: id, organization: TrainyardHome.organization) != nil else {
                FileHandle.standardError.write(Data("trainyard: job.not_found: no job \(id)\n".utf8))
                throw ExitCode(1)
            }
            var offset = 0
            while true {
                offset += Self.printNew(from: folder.log, after: offset)
                guard follow, let job = try await store.job(id: id, organization: TrainyardHome.organization), !job.state.isTerminal else { break }
                try await Task.sleep(for: .milliseconds(500))
            }
            offset += Self.printNew(from: folder.log, after: offset)
        }
    }

    /// Writes the file's bytes past `offset` to standard output; returns how many.
    private static func printNew(from path: String, after offset: Int) -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { return 0 }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: UInt64(offset))) != nil, let data = try? handle.readToEnd(), !data.isEmpty else { return 0 }
        FileHandle.standardOutput.write(data)
        return data.count
    }
}
