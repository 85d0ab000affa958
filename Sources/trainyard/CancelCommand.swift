import ArgumentParser
import Foundation
import Orchestrator

/// `trainyard cancel ID`
struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel", abstract: "Cancel a job: at once if queued, through its worker if running.")

    @Argument(help: "The job id.")
    var id: String

    func run() async throws {
        try await TrainyardHome().withStore { store in
            do {
                let job = try await store.requestCancel(jobID: id, organization: TrainyardHome.organization)
                let pending = job.cancelRequested && job.state == .running ? " (cancellation requested; the worker stops the run)" : ""
                print("job \(job.id) \(job.state.rawValue)\(pending)")
            } catch let error as StoreError {
                FileHandle.standardError.write(Data("trainyard: \(error.description)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
