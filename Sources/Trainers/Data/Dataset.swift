/// A parsed data file: a contiguous feature matrix, optional class indices and the schema.
public struct Dataset: Sendable {
    /// Where the data came from (used in error messages).
    public var source: String
    /// Column names and classes.
    public var schema: DataSchema
    /// One row per data row, one column per feature.
    public var features: Matrix
    /// Class index of each row (see ``DataSchema/classes``), or `nil` without a label column.
    public var labels: [Int]?
    /// Lowercase hexadecimal SHA-256 of the file's bytes.
    public var sha256: String

    /// A dataset.
    public init(source: String, schema: DataSchema, features: Matrix, labels: [Int]?, sha256: String) {
        self.source = source
        self.schema = schema
        self.features = features
        self.labels = labels
        self.sha256 = sha256
    }
}
