/// What a model outputs for a batch of rows.
public struct Prediction: Sendable, Equatable {
    /// The predicted class (classifiers) or cluster (k-means) of each row.
    public var indices: [Int]
    /// Class probabilities, one row per input row (classifiers only).
    public var probabilities: Matrix?

    /// A prediction.
    public init(indices: [Int], probabilities: Matrix?) {
        self.indices = indices
        self.probabilities = probabilities
    }
}
