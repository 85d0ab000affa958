/// One line of `trainyard train --progress json`: the state of a run after an epoch.
public struct TrainingProgress: Sendable, Hashable, Codable {
    public var epoch: Int
    public var epochs: Int
    public var loss: Double
    /// Validation metrics after the epoch.
    public var metrics: [String: Double]
    public var samplesPerSecond: Double?
    public var etaSeconds: Double?

    enum CodingKeys: String, CodingKey {
        case epoch, epochs, loss, metrics
        case samplesPerSecond = "samples_per_second"
        case etaSeconds = "eta_seconds"
    }

    /// Creates a progress line.
    public init(epoch: Int, epochs: Int, loss: Double, metrics: [String: Double], samplesPerSecond: Double?, etaSeconds: Double?) {
        self.epoch = epoch
        self.epochs = epochs
        self.loss = loss
        self.metrics = metrics
        self.samplesPerSecond = samplesPerSecond
        self.etaSeconds = etaSeconds
    }

    /// Finished fraction of the run.
    public var fraction: Double { epochs > 0 ? min(1, Double(epoch) / Double(epochs)) : 0 }
}
