/// Metrics of a model on one split. Encoded with snake_case keys; metrics that do not apply
/// to a trainer are `nil` and left out of JSON.
public struct ValidationMetrics: Codable, Sendable, Equatable {
    /// The quantity early stopping minimises: log loss for classifiers, mean squared distance
    /// to the nearest centroid for k-means.
    public var loss: Double
    /// Share of rows whose predicted class is right.
    public var accuracy: Double?
    /// Mean negative log-likelihood of the true classes.
    public var logLoss: Double?
    /// Area under the ROC curve (binary problems with both classes present).
    public var auc: Double?
    /// Unweighted mean of per-class F1 scores.
    public var f1Macro: Double?
    /// Sum of squared distances of rows to their nearest centroid.
    public var inertia: Double?
    /// Mean silhouette coefficient of a seeded sample of at most ``ClusteringMetrics/silhouetteSampleLimit`` rows.
    public var silhouette: Double?

    /// Metrics; only `loss` is required.
    public init(
        loss: Double, accuracy: Double? = nil, logLoss: Double? = nil, auc: Double? = nil,
        f1Macro: Double? = nil, inertia: Double? = nil, silhouette: Double? = nil
    ) {
        self.loss = loss
        self.accuracy = accuracy
        self.logLoss = logLoss
        self.auc = auc
        self.f1Macro = f1Macro
        self.inertia = inertia
        self.silhouette = silhouette
    }

    enum CodingKeys: String, CodingKey {
        case loss
        case accuracy
        case logLoss = "log_loss"
        case auc
        case f1Macro = "f1_macro"
        case inertia
        case silhouette
    }
}
