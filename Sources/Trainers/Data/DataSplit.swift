/// One part of a dataset (training or validation) after standardisation.
public struct DataSplit: Sendable {
    /// Standardised features, one row per example.
    public var features: Matrix
    /// Class index of each row, or `nil` for unsupervised data.
    public var labels: [Int]?

    /// A split.
    public init(features: Matrix, labels: [Int]?) {
        precondition(labels.map { $0.count == features.rows } ?? true, "DataSplit: label count differs")
        self.features = features
        self.labels = labels
    }

    /// Number of rows.
    public var count: Int { features.rows }
}
