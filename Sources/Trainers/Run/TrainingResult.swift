import Foundation

/// What a finished ``TrainingRun`` produced.
public struct TrainingResult: Sendable {
    /// `OUTPUT/model.trainyard` (or the exporter's file name).
    public var modelURL: URL
    /// `OUTPUT/model_card.json`.
    public var modelCardURL: URL
    /// The model card as written.
    public var card: ModelCard
    /// The trained model.
    public var model: TrainedModel
    /// The epoch the run resumed from, or `nil` for a fresh start.
    public var resumedFromEpoch: Int?
    /// Newer checkpoints that were damaged or incompatible and therefore skipped on resume.
    public var skippedCheckpoints: [CheckpointError]
}
