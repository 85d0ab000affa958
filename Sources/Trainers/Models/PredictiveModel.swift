/// A trained model reduced to what inference needs: named tensors and a prediction function.
///
/// Trainers update the tensors; the exporter writes them; ``init(tensors:)`` rebuilds the same
/// model from a file, so a loaded model runs exactly the code the in-memory one runs.
public protocol PredictiveModel: Sendable {
    /// The trainer that produces this kind of model.
    static var trainerName: String { get }
    /// Every parameter, in a fixed order.
    var tensors: [Tensor] { get }
    /// Number of input features.
    var featureCount: Int { get }
    /// Rebuilds a model from tensors, checking names and shapes.
    init(tensors: [Tensor]) throws(ModelError)
    /// Predictions for standardised feature rows.
    func predict(_ features: Matrix) -> Prediction
}
