/// The gradient-descent update rule used by the `logistic` and `mlp` trainers.
public enum OptimizerKind: String, Codable, Sendable, CaseIterable {
    /// Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-8) with bias correction.
    case adam
    /// Stochastic gradient descent with classical momentum (`TrainingConfig.momentum`).
    case sgd
}
