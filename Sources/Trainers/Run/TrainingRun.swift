import Foundation

/// Trains one model from a CSV file into an output folder — what
/// `trainyard train --trainer NAME --data FILE --label COL [--config FILE] --output DIR [--resume]` runs.
///
/// ``run()`` writes:
/// - `OUTPUT/checkpoints/epoch-NNNNNN.ckpt` every `checkpoint_every` epochs, after the last epoch
///   and when cancelled (the three newest are kept);
/// - `OUTPUT/model.trainyard` (or the exporter's file), see ``TrainyardModelWriter``;
/// - `OUTPUT/model_card.json`, see ``ModelCard``.
///
/// With `resume`, the run continues from the newest checkpoint that is intact, matches the
/// trainer, data and configuration (only `epochs`, `checkpoint_every`, `early_stopping_patience`
/// and `blas_threads` may change) and is not past `epochs`; other ones are skipped and reported
/// in the result. A resumed
/// run ends with exactly the parameters, model file and card an uninterrupted run would have.
/// Without `resume`, existing checkpoints in the folder are deleted first.
///
/// OpenBLAS is limited to `config.blasThreads` threads (default 1) for the whole process.
public struct TrainingRun: Sendable {
    /// File name of the model card.
    public static let modelCardFileName = "model_card.json"
    /// Folder name of the checkpoints inside the output folder.
    public static let checkpointFolderName = "checkpoints"

    /// Name of a built-in trainer (see ``TrainerRegistry/names``).
    public var trainerName: String
    /// The CSV file to learn from.
    public var dataURL: URL
    /// The label column; `nil` for unsupervised trainers.
    public var labelColumn: String?
    /// Training options.
    public var config: TrainingConfig
    /// Where the model, the card and the checkpoints go.
    public var outputDirectory: URL
    /// Continue from the newest usable checkpoint in the output folder.
    public var resume: Bool
    /// Writes the model file.
    public var exporter: any ModelExporter
    /// Called after every epoch.
    public var progress: @Sendable (EpochProgress) -> Void
    /// Asked before every epoch; returning `true` checkpoints the state and throws
    /// ``TrainingRunError/cancelled(afterEpoch:)``.
    public var shouldCancel: @Sendable () -> Bool

    /// A run; nothing happens until ``run()``.
    public init(
        trainer: String,
        data: URL,
        label: String?,
        config: TrainingConfig = TrainingConfig(),
        output: URL,
        resume: Bool = false,
        exporter: any ModelExporter = TrainyardModelWriter(),
        progress: @escaping @Sendable (EpochProgress) -> Void = { _ in },
        shouldCancel: @escaping @Sendable () -> Bool = { false }
    ) {
        self.trainerName = trainer
        self.dataURL = data
        self.labelColumn = label
        self.config = config
        self.outputDirectory = output
        self.resume = resume
        self.exporter = exporter
        self.progress = progress
        self.shouldCancel = shouldCancel
    }

    /// Trains, checkpoints and exports.
    ///
    /// Throws ``ConfigError``, ``TrainingRunError``, ``DatasetError``, ``CheckpointError``,
    /// ``FileWriteError`` or an error of the exporter.
    public func run() throws -> TrainingResult {
        try config.validate()
        let trainerType = try TrainerRegistry.trainer(named: trainerName)
        if trainerType.requiresLabels && labelColumn == nil {
            throw TrainingRunError.labelRequired(trainer: trainerName)
        }
        BLAS.setThreadCount(config.blasThreads)
        let dataset = try CSVDatasetReader(labelColumn: labelColumn).read(from: dataURL)
        let data = try trainerType.prepare(dataset, config: config)
        do {
            try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw FileWriteError(path: outputDirectory.path, reason: "cannot create: \(error.localizedDescription)")
        }
        let store = CheckpointStore(
            directory: outputDirectory.appendingPathComponent(Self.checkpointFolderName, isDirectory: true)
        )

        var random = SeededRandom(seed: config.seed, stream: .training)
        var trainer = try trainerType.init(config: config, data: data, random: &random)
        var state = LoopState()
        var resumedFrom: Int?
        var skipped: [CheckpointError] = []
        if resume {
            let found = try store.newestValid { (checkpoint, url) throws(CheckpointError) in
                try requireCompatible(checkpoint, url: url, data: data)
                var probe = trainer
                do throws(ModelError) {
                    try probe.restore(checkpoint.trainerState)
                } catch {
                    throw CheckpointError.incompatible(path: url.path, reason: error.description)
                }
                trainer = probe
            }
            if let found {
                random = found.checkpoint.random
                state = LoopState(found.checkpoint)
                resumedFrom = found.checkpoint.epoch
                skipped = found.skipped
            }
        } else {
            try store.removeAll()
        }

        try train(&trainer, data: data, random: &random, state: &state, store: store)
        return try export(trainer, data: data, state: state, resumedFrom: resumedFrom, skipped: skipped)
    }

    /// Counters that carry across epochs and into checkpoints.
    private struct LoopState {
        var epoch = 0
        var bestValidationLoss = Double.infinity
        var epochsWithoutImprovement = 0
        var stoppedEarly = false
        var lastCheckpoint = 0

        init() {}

        init(_ checkpoint: Checkpoint) {
            epoch = checkpoint.epoch
            bestValidationLoss = checkpoint.bestValidationLoss
            epochsWithoutImprovement = checkpoint.epochsWithoutImprovement
            stoppedEarly = checkpoint.stoppedEarly
            lastCheckpoint = checkpoint.epoch
        }
    }

    private func train(
        _ trainer: inout any Trainer, data: PreparedDataset, random: inout SeededRandom,
        state: inout LoopState, store: CheckpointStore
    ) throws {
        var secondsSpent = 0.0
        var epochsTimed = 0
        while state.epoch < config.epochs && !state.stoppedEarly {
            if shouldCancel() {
                if state.epoch > state.lastCheckpoint {
                    try store.save(checkpoint(trainer, data: data, random: random, state: state))
                }
                throw TrainingRunError.cancelled(afterEpoch: state.epoch)
            }
            let started = ContinuousClock.now
            let trainingLoss = try trainer.trainEpoch(on: data.train, random: &random)
            guard trainingLoss.isFinite else { throw TrainingRunError.diverged(epoch: state.epoch + 1) }
            let validation = trainer.evaluate(on: data.validation)
            state.epoch += 1
            if validation.loss < state.bestValidationLoss {
                state.bestValidationLoss = validation.loss
                state.epochsWithoutImprovement = 0
            } else {
                state.epochsWithoutImprovement += 1
                if let patience = config.earlyStoppingPatience, state.epochsWithoutImprovement >= patience {
                    state.stoppedEarly = true
                }
            }
            let checkpointed = state.epoch % config.checkpointEvery == 0 || state.epoch == config.epochs
                || state.stoppedEarly
            if checkpointed {
                try store.save(checkpoint(trainer, data: data, random: random, state: state))
                state.lastCheckpoint = state.epoch
            }
            let elapsed = started.duration(to: .now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            secondsSpent += seconds
            epochsTimed += 1
            progress(EpochProgress(
                epoch: state.epoch, totalEpochs: config.epochs, trainingLoss: trainingLoss, validation: validation,
                samplesPerSecond: seconds > 0 ? Double(data.train.count) / seconds : 0,
                etaSeconds: secondsSpent / Double(epochsTimed) * Double(config.epochs - state.epoch),
                checkpointed: checkpointed
            ))
        }
    }

    private func checkpoint(
        _ trainer: any Trainer, data: PreparedDataset, random: SeededRandom, state: LoopState
    ) -> Checkpoint {
        Checkpoint(
            trainerName: trainerName, config: config, dataSHA256: data.dataSHA256, epoch: state.epoch,
            random: random, bestValidationLoss: state.bestValidationLoss,
            epochsWithoutImprovement: state.epochsWithoutImprovement, stoppedEarly: state.stoppedEarly,
            standardizer: data.standardizer, trainerState: trainer.state
        )
    }

    private func requireCompatible(_ checkpoint: Checkpoint, url: URL, data: PreparedDataset) throws(CheckpointError) {
        let problem: String? =
            if checkpoint.trainerName != trainerName {
                "written by trainer '\(checkpoint.trainerName)', not '\(trainerName)'"
            } else if checkpoint.dataSHA256 != data.dataSHA256 {
                "written for a different data file"
            } else if !config.canResume(from: checkpoint.config) {
                "written with a different configuration (only epochs, checkpoint_every, early_stopping_patience and blas_threads may change)"
            } else if checkpoint.epoch > config.epochs {
                "taken after epoch \(checkpoint.epoch), beyond the \(config.epochs) configured epochs"
            } else if checkpoint.standardizer != data.standardizer {
                "its standardisation differs from the data's"
            } else {
                nil
            }
        if let problem { throw CheckpointError.incompatible(path: url.path, reason: problem) }
    }

    private func export(
        _ trainer: any Trainer, data: PreparedDataset, state: LoopState,
        resumedFrom: Int?, skipped: [CheckpointError]
    ) throws -> TrainingResult {
        let trained = TrainedModel(
            trainerName: trainerName, config: config, schema: data.schema,
            standardizer: data.standardizer, model: trainer.model
        )
        let modelBytes = try exporter.encode(trained)
        let modelURL = outputDirectory.appendingPathComponent(exporter.fileName)
        try AtomicFile.write(modelBytes, to: modelURL)

        let card = ModelCard(
            cardVersion: 1, trainer: trainerName, config: config, schema: data.schema,
            metrics: ModelCard.Metrics(
                validation: trainer.evaluate(on: data.validation), train: trainer.evaluate(on: data.train)
            ),
            modelFile: ModelCard.ModelFile(
                name: exporter.fileName, format: exporter.formatName, formatVersion: exporter.formatVersion,
                bytes: modelBytes.count, sha256: SHA256.hexDigest(modelBytes)
            ),
            data: ModelCard.DataSummary(
                sha256: data.dataSHA256, trainRows: data.train.count, validationRows: data.validation.count
            ),
            training: ModelCard.TrainingSummary(epochsCompleted: state.epoch, stoppedEarly: state.stoppedEarly)
        )
        let cardURL = outputDirectory.appendingPathComponent(Self.modelCardFileName)
        try AtomicFile.write(try card.jsonBytes(), to: cardURL)
        return TrainingResult(
            modelURL: modelURL, modelCardURL: cardURL, card: card, model: trained,
            resumedFromEpoch: resumedFrom, skippedCheckpoints: skipped
        )
    }
}
