import Foundation

/// `model_card.json`: what a model is, how it was trained and how well it does.
///
/// Encoded with sorted snake_case keys and no timestamps, so identical training produces an
/// identical card.
public struct ModelCard: Codable, Sendable, Equatable {
    /// Metrics of the final model.
    public struct Metrics: Codable, Sendable, Equatable {
        /// On the validation rows.
        public var validation: ValidationMetrics
        /// On the training rows.
        public var train: ValidationMetrics
    }

    /// The exported model file.
    public struct ModelFile: Codable, Sendable, Equatable {
        /// File name inside the output folder.
        public var name: String
        /// Format identifier.
        public var format: String
        /// Format version.
        public var formatVersion: Int
        /// Size in bytes.
        public var bytes: Int
        /// Lowercase hexadecimal SHA-256 of the file.
        public var sha256: String

        enum CodingKeys: String, CodingKey {
            case name, format, bytes, sha256
            case formatVersion = "format_version"
        }
    }

    /// The training data.
    public struct DataSummary: Codable, Sendable, Equatable {
        /// Lowercase hexadecimal SHA-256 of the data file.
        public var sha256: String
        /// Training rows.
        public var trainRows: Int
        /// Validation rows.
        public var validationRows: Int

        enum CodingKeys: String, CodingKey {
            case sha256
            case trainRows = "train_rows"
            case validationRows = "validation_rows"
        }
    }

    /// How training ended.
    public struct TrainingSummary: Codable, Sendable, Equatable {
        /// Epochs completed.
        public var epochsCompleted: Int
        /// Whether early stopping ended training before `config.epochs`.
        public var stoppedEarly: Bool

        enum CodingKeys: String, CodingKey {
            case epochsCompleted = "epochs_completed"
            case stoppedEarly = "stopped_early"
        }
    }

    /// Version of the card layout.
    public var cardVersion: Int
    /// Trainer name.
    public var trainer: String
    /// Training configuration.
    public var config: TrainingConfig
    /// Feature names, label name and classes.
    public var schema: DataSchema
    /// Validation and training metrics.
    public var metrics: Metrics
    /// The model file.
    public var modelFile: ModelFile
    /// The data the model was trained on.
    public var data: DataSummary
    /// How training ended.
    public var training: TrainingSummary

    enum CodingKeys: String, CodingKey {
        case cardVersion = "card_version"
        case trainer, config, schema, metrics, data, training
        case modelFile = "model_file"
    }

    /// Pretty-printed JSON with sorted keys.
    public func jsonBytes() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(self)) + [UInt8(ascii: "\n")]
    }
}
