/// What the columns of a dataset mean: the feature names, the label column and its classes.
public struct DataSchema: Codable, Sendable, Equatable {
    /// Feature column names in file order (the label column excluded).
    public var features: [String]
    /// The label column, or `nil` for unsupervised data.
    public var label: String?
    /// Class names; class index `i` is `classes[i]`. Empty without a label.
    public var classes: [String]

    /// A schema.
    public init(features: [String], label: String?, classes: [String]) {
        self.features = features
        self.label = label
        self.classes = classes
    }
}
