/// A dataset split into training and validation rows by the configured seed and fraction,
/// standardised with statistics fitted on the training rows only.
public struct PreparedDataset: Sendable {
    /// Column names and classes.
    public let schema: DataSchema
    /// The transform fitted on the training rows.
    public let standardizer: Standardizer
    /// Training rows (file order).
    public let train: DataSplit
    /// Validation rows (file order).
    public let validation: DataSplit
    /// SHA-256 of the source file.
    public let dataSHA256: String

    /// Splits and standardises `dataset`.
    ///
    /// The validation share is `round(rows × fraction)`, kept between 1 and `rows − 1`; which rows
    /// go where is decided by a permutation from ``SeededRandom`` stream `.split` of `seed`.
    public init(_ dataset: Dataset, validationFraction: Double, seed: UInt64) throws(DatasetError) {
        let rows = dataset.features.rows
        guard rows >= 2 else { throw DatasetError.tooFewRows(path: dataset.source, rows: rows, needed: 2) }
        var random = SeededRandom(seed: seed, stream: .split)
        let order = random.permutation(of: rows)
        let validationCount = min(rows - 1, max(1, Int((Double(rows) * validationFraction).rounded())))
        let validationRows = order[..<validationCount].sorted()
        let trainRows = order[validationCount...].sorted()

        let trainFeatures = dataset.features.gatheringRows(trainRows)
        let standardizer = Standardizer(fitting: trainFeatures)
        self.schema = dataset.schema
        self.standardizer = standardizer
        self.train = DataSplit(
            features: standardizer.transform(trainFeatures),
            labels: dataset.labels.map { labels in trainRows.map { labels[$0] } }
        )
        self.validation = DataSplit(
            features: standardizer.transform(dataset.features.gatheringRows(validationRows)),
            labels: dataset.labels.map { labels in validationRows.map { labels[$0] } }
        )
        self.dataSHA256 = dataset.sha256
    }
}
