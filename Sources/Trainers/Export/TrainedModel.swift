import Foundation

/// A trained model with everything needed to use it on raw data: the trainer and configuration
/// that made it, the data schema, the standardisation and the parameters.
public struct TrainedModel: Sendable {
    /// The trainer that produced the model.
    public let trainerName: String
    /// The configuration of the run.
    public let config: TrainingConfig
    /// Feature names, label and classes.
    public let schema: DataSchema
    /// The standardisation applied to raw features before the model.
    public let standardizer: Standardizer
    /// The parameters and prediction function.
    public let model: any PredictiveModel

    /// A trained model.
    public init(
        trainerName: String, config: TrainingConfig, schema: DataSchema,
        standardizer: Standardizer, model: any PredictiveModel
    ) {
        self.trainerName = trainerName
        self.config = config
        self.schema = schema
        self.standardizer = standardizer
        self.model = model
    }

    /// Loads a `model.trainyard` file (see ``TrainyardModelWriter``).
    public init(contentsOf url: URL) throws(ModelFileError) {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url)
        } catch {
            throw ModelFileError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        self = try TrainyardModelReader.decode([UInt8](bytes), path: url.path)
    }

    /// Predictions for raw (unstandardised) feature rows in schema order.
    public func predict(_ features: Matrix) -> Prediction {
        model.predict(standardizer.transform(features))
    }
}
