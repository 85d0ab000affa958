import ArgumentParser
import Orchestrator

/// `--profile FILE --job FILE` and the catalog, read together: what `explain` and `submit` plan from.
struct PlanningOptions: ParsableArguments {
    @Option(help: "The compute profile (YAML or JSON).")
    var profile: String

    @Option(help: "The job specification (YAML or JSON).")
    var job: String

    @OptionGroup var catalogOptions: CatalogOptions

    /// The catalog, the profile (its machines checked against the catalog) and the job; located problems are
    /// printed and the command exits 1.
    func load() throws -> (catalog: PriceCatalog, profile: ComputeProfile, job: JobSpec) {
        let catalog = try catalogOptions.load()
        do {
            return (catalog, try ProfileParser(catalog: catalog).parse(fileAt: profile), try JobSpecParser().parse(fileAt: job))
        } catch {
            for diagnostic in error.diagnostics { print(diagnostic.description) }
            throw ExitCode(1)
        }
    }
}
