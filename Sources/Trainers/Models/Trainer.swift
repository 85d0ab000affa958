/// A training algorithm, driven by ``TrainingRun`` through a fixed lifecycle:
///
/// 1. **Prepare the dataset** — ``prepare(_:config:)`` splits and standardises it.
/// 2. **Create the model** — ``init(config:data:random:)`` draws initial parameters.
/// 3. **Train one epoch** — ``trainEpoch(on:random:)``, repeated.
/// 4. **Validate** — ``evaluate(on:)`` after each epoch.
/// 5. **Save / restore** — ``state`` goes into checkpoints, ``restore(_:)`` brings it back.
/// 6. **Export** — ``model`` is handed to a ``ModelExporter``.
///
/// Every random choice must come from the ``SeededRandom`` passed in, so that a run restored
/// from a checkpoint continues bit for bit like an uninterrupted one.
public protocol Trainer {
    /// The name users pass (`--trainer NAME`).
    static var name: String { get }
    /// Whether the data needs a label column.
    static var requiresLabels: Bool { get }

    /// Splits `dataset` into training and validation rows and standardises them.
    static func prepare(_ dataset: Dataset, config: TrainingConfig) throws -> PreparedDataset

    /// Creates a fresh model for `data`, drawing initial parameters from `random`.
    init(config: TrainingConfig, data: PreparedDataset, random: inout SeededRandom) throws

    /// One pass over `train`; returns the mean training loss.
    mutating func trainEpoch(on train: DataSplit, random: inout SeededRandom) throws -> Double

    /// Metrics of the current model on `split`. Must not draw from the training generator.
    func evaluate(on split: DataSplit) -> ValidationMetrics

    /// Model and optimizer state for a checkpoint.
    var state: TrainerState { get }

    /// Replaces model and optimizer state with a checkpointed one.
    mutating func restore(_ state: TrainerState) throws(ModelError)

    /// The model as it stands, for prediction and export.
    var model: any PredictiveModel { get }
}

extension Trainer {
    /// Splits by `config.validationFraction` and `config.seed`; a labelled trainer also needs a
    /// label column with at least two classes.
    public static func prepare(_ dataset: Dataset, config: TrainingConfig) throws -> PreparedDataset {
        if requiresLabels {
            guard let label = dataset.schema.label else { throw TrainingRunError.labelRequired(trainer: name) }
            guard dataset.schema.classes.count >= 2 else {
                throw DatasetError.singleClass(path: dataset.source, label: label)
            }
        }
        return try PreparedDataset(dataset, validationFraction: config.validationFraction, seed: config.seed)
    }
}
