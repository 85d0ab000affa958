import ArgumentParser

/// The `trainyard` command line.
@main
struct Trainyard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trainyard",
        abstract: "Multi-cloud ML training orchestrator: profiles, estimates, routing.",
        discussion: "State lives in $TRAINYARD_HOME (default ~/.trainyard).",
        subcommands: [
            ProfilesCommand.self, ExplainCommand.self, CatalogCommand.self, SubmitCommand.self, StatusCommand.self,
            LogsCommand.self, CancelCommand.self, WorkerCommand.self, TrainCommand.self, DatasetCommand.self, CredentialsCommand.self, KeysCommand.self, FernetCommand.self,
            PresignCommand.self, StorageCommand.self, ServeCommand.self,
        ])
}
