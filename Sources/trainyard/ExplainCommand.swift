import ArgumentParser
import Orchestrator

/// `trainyard explain --profile FILE --job FILE`
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show where a job would run under a profile, what each candidate would cost, and why.")

    @OptionGroup var planning: PlanningOptions

    @Option(help: "table or json.")
    var output: OutputFormat = .table

    func run() async throws {
        let (catalog, profile, job) = try planning.load()
        let explanation = Explanation(RoutePlanner(estimator: CostEstimator(catalog: catalog)).plan(job, profile: profile))
        print(output == .json ? try explanation.json() : explanation.table())
    }
}
