/// k-means clustering: every row belongs to its nearest centroid.
///
/// Tensor: `centroids` (`k × features`).
public struct KMeansModel: PredictiveModel {
    public static let trainerName = "kmeans"

    public internal(set) var tensors: [Tensor]

    public var featureCount: Int { tensors[0].shape[1] }

    /// A model with the given centroids (`k × features`).
    init(centroids: Matrix) {
        tensors = [Tensor(name: "centroids", shape: [centroids.rows, centroids.columns], values: centroids.values)]
    }

    public init(tensors: [Tensor]) throws(ModelError) {
        guard tensors.count == 1, tensors[0].name == "centroids", tensors[0].shape.count == 2,
              tensors[0].shape[0] >= 1
        else {
            throw ModelError.invalidParameters(trainer: Self.trainerName, reason: "expected centroids [k, features]")
        }
        self.tensors = tensors
    }

    /// The centroids, one per row.
    var centroids: Matrix { tensors[0].matrix }

    public func predict(_ features: Matrix) -> Prediction {
        Prediction(indices: SquaredDistances.nearest(features, centroids).indices, probabilities: nil)
    }
}
