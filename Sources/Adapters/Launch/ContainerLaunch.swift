import Foundation

/// What a provider's container runs for one attempt: the image, the command and the environment, built the same
/// way for every cloud provider.
///
/// A container job runs its own image and command. A built-in trainer runs `trainyard train` in the candidate's
/// `image` with its configuration inline, resuming from the newest checkpoint in the checkpoint folder, so a
/// resubmitted attempt continues a lost one. Where a provider cannot mount the checkpoint prefix as that folder,
/// the image syncs `TRAINYARD_CHECKPOINT_DIR` with `TRAINYARD_CHECKPOINT_URI`. Every container also gets
/// Trainyard's ids and locations (`TRAINYARD_JOB_ID`, `TRAINYARD_ORGANIZATION`, `TRAINYARD_ATTEMPT`,
/// `TRAINYARD_DATASET`, `TRAINYARD_OUTPUT_URI`, `TRAINYARD_CHECKPOINT_URI`, `TRAINYARD_CHECKPOINT_DIR`).
public struct ContainerLaunch: Sendable, Hashable {
    /// The container image.
    public var image: String
    /// The command (entrypoint and arguments).
    public var command: [String]
    /// Environment variables by name.
    public var environment: [String: String]

    /// The environment as name-value pairs sorted by name (request bodies stay byte-stable).
    public var sortedEnvironment: [(name: String, value: String)] {
        environment.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
    }

    /// Builds the launch of `spec`.
    ///
    /// - Parameters:
    ///   - defaultImage: the candidate's `image`, which runs built-in trainers.
    ///   - outputURI: where the job's outputs go at this provider.
    ///   - checkpointURI: the job's checkpoint prefix in storage.
    ///   - checkpointDirectory: the local folder the trainer writes checkpoints to (a provider may sync it to
    ///     `checkpointURI`, as SageMaker does with `/opt/ml/checkpoints`).
    ///   - datasetPath: where the dataset is readable inside the container (a provider may mount or download it).
    /// - Throws: ``AdapterError`` `invalid` (`MissingImage`) for a built-in trainer without `defaultImage`.
    public init(
        spec: ProviderJobSpec, provider: ProviderKind, defaultImage: String?, outputURI: String?, checkpointURI: String,
        checkpointDirectory: String, datasetPath: String?
    ) throws {
        var variables = [
            "TRAINYARD_JOB_ID": spec.jobID, "TRAINYARD_ORGANIZATION": spec.organization, "TRAINYARD_ATTEMPT": String(spec.attempt),
            "TRAINYARD_CHECKPOINT_URI": checkpointURI, "TRAINYARD_CHECKPOINT_DIR": checkpointDirectory,
        ]
        variables["TRAINYARD_DATASET"] = spec.dataset
        variables["TRAINYARD_OUTPUT_URI"] = outputURI
        switch spec.workload {
        case .container(let image, let command):
            self.image = image
            self.command = command
        case .trainer(let trainer):
            guard let defaultImage else {
                throw AdapterError(.invalid, provider: provider, code: "MissingImage",
                                   message: "built-in trainer jobs need the candidate's `image` (an image with trainyard installed)")
            }
            var config = spec.config
            var label = "label"
            if case .string(let column)? = config.removeValue(forKey: "label") { label = column }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let configJSON = String(decoding: (try? encoder.encode(config)) ?? Data("{}".utf8), as: UTF8.self)
            self.image = defaultImage
            self.command = [
                "trainyard", "train", "--trainer", trainer, "--data", datasetPath ?? spec.dataset ?? "", "--label", label,
                "--config", configJSON, "--output", checkpointDirectory, "--resume", "--progress", "json",
            ]
        }
        environment = variables
    }
}
