/// What the progress callback receives after every epoch.
public struct EpochProgress: Sendable, Equatable {
    /// Epochs completed (1-based).
    public var epoch: Int
    /// Epochs configured.
    public var totalEpochs: Int
    /// Mean training loss of the epoch.
    public var trainingLoss: Double
    /// Metrics on the validation rows after the epoch.
    public var validation: ValidationMetrics
    /// Training rows processed per second during the epoch.
    public var samplesPerSecond: Double
    /// Estimated seconds until the configured epochs are done (mean epoch time × epochs left).
    public var etaSeconds: Double
    /// Whether a checkpoint was written after this epoch.
    public var checkpointed: Bool
}
