import ArgumentParser
import Orchestrator

/// `trainyard explain --profile FILE --job FILE`
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show where a job would run under a profile, what each candidate would cost, and why.")

    @Option(help: "The compute profile (YAML or JSON).")
    var profile: String

    @Option(help: "The job specification (YAML or JSON).")
    var job: String

    @Option(help: "table or json.")
    var output: OutputFormat = .table

    @OptionGroup var catalogOptions: CatalogOptions

    func run() async throws {
        let catalog = try catalogOptions.load()
        let parsedProfile: ComputeProfile
        let parsedJob: JobSpec
        do {
            parsedProfile = try ProfileParser(catalog: catalog).parse(fileAt: profile)
            parsedJob = try JobSpecParser().parse(fileAt: job)
        } catch {
            for diagnostic in error.diagnostics { print(diagnostic.description) }
            throw ExitCode(1)
        }
        let plan = RoutePlanner(estimator: CostEstimator(catalog: catalog)).plan(parsedJob, profile: parsedProfile)
        let explanation = Explanation(plan)
        print(output == .json ? try explanation.json() : explanation.table())
    }
}
