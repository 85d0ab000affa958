import Adapters
import ArgumentParser
import Foundation
import Orchestrator

/// `trainyard submit --profile FILE --job FILE`
struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Route a job under a profile: print the chosen provider and estimate, then the job id.",
        discussion: "A job no candidate may take (over a cost limit, a budget or a concurrency limit) is refused with the numbers.")

    @OptionGroup var planning: PlanningOptions

    @Option(help: "table or json.")
    var output: OutputFormat = .table

    func run() async throws {
        let (catalog, parsedProfile, parsedJob) = try planning.load()
        var spec = parsedJob
        spec.dataset = spec.dataset.map { Self.absoluteIfLocal($0, relativeTo: (planning.job as NSString).deletingLastPathComponent) }

        let home = TrainyardHome()
        try await home.withStore { store in
            let vault = try home.vault(store)
            let submission = JobSubmission(
                store: store, catalog: catalog, router: Router(adapters: [PlatformAdapter(queue: store)], store: store, credentials: vault),
                credentialNames: { try await vault.names(organization: $0) })
            let profileSource = try String(contentsOfFile: planning.profile, encoding: .utf8)
            switch try await submission.submit(spec, profile: parsedProfile, profileSource: profileSource, organization: TrainyardHome.organization) {
            case .refused(let plan):
                print(Explanation(plan).table())
                FileHandle.standardError.write(Data("trainyard: job.refused: no candidate of profile \(parsedProfile.name) may take this job\n".utf8))
                throw ExitCode(1)
            case .accepted(let job, let plan, let created):
                guard let chosen = plan.chosen, let estimate = chosen.estimate else { return }
                try report(job, created: created, chosen: chosen, estimate: estimate)
            }
        }
    }

    private func report(_ job: JobRecord, created: Bool, chosen: PlannedCandidate, estimate: CostEstimate) throws {
        if output == .json {
            let object: [String: Any] = [
                "id": job.id, "created": created, "state": job.state.rawValue,
                "provider": job.provider?.rawValue ?? chosen.target.provider.rawValue,
                "machine": chosen.target.machine.description, "region": chosen.target.region,
                "estimated_hours": estimate.hours, "estimated_cost_usd": estimate.totalUSD, "reason": job.reason ?? NSNull(),
            ]
            print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
            return
        }
        print("chosen: \(chosen.target.provider.rawValue) \(chosen.target.machine) in \(chosen.target.region) — \(chosen.reason)")
        print("estimate: \(String(format: "%.2f", estimate.hours)) h × \(String(format: "%.4f", estimate.pricePerHourUSD)) USD/h (\(estimate.pricing.rawValue)) = \(String(format: "%.2f", estimate.totalUSD)) USD")
        if !created { print("already submitted with this idempotency key") }
        print("job \(job.id) \(job.state.rawValue)\(job.reason.map { ": \($0)" } ?? "")")
    }

    /// A relative local dataset path, made absolute against the job file's folder; URIs stay as they are.
    static func absoluteIfLocal(_ dataset: String, relativeTo folder: String) -> String {
        guard !dataset.contains("://"), !dataset.hasPrefix("/") else { return dataset }
        let base = folder.isEmpty ? FileManager.default.currentDirectoryPath : folder
        let absoluteBase = base.hasPrefix("/") ? base : "\(FileManager.default.currentDirectoryPath)/\(base)"
        return URL(fileURLWithPath: dataset, relativeTo: URL(fileURLWithPath: absoluteBase, isDirectory: true)).standardizedFileURL.path
    }
}
