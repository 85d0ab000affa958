/// Builds the optimizer the configuration asks for, with state shaped like `parameters`.
enum OptimizerFactory {
    static func make(for config: TrainingConfig, parameters: [Tensor]) -> any GradientOptimizer {
        switch config.optimizer {
        case .adam:
            return AdamOptimizer(learningRate: Float(config.learningRate), parameters: parameters)
        case .sgd:
            return MomentumSGD(
                learningRate: Float(config.learningRate), momentum: Float(config.momentum), parameters: parameters
            )
        }
    }
}
