/// A multi-layer perceptron trained with softmax cross-entropy by mini-batch back-propagation.
///
/// Layer widths are `features`, `config.hiddenLayers…`, `classes`; weights are He-initialised
/// from the training generator, every product is an SGEMM, and updates use Adam or SGD with
/// momentum. Each epoch visits the rows in an order drawn from the training generator.
public struct MLPTrainer: Trainer {
    public static let name = "mlp"
    public static let requiresLabels = true

    private let config: TrainingConfig
    private var current: MLPModel
    private var optimizer: any GradientOptimizer

    public init(config: TrainingConfig, data: PreparedDataset, random: inout SeededRandom) throws {
        self.config = config
        let sizes = [data.schema.features.count] + config.hiddenLayers + [data.schema.classes.count]
        current = MLPModel(layerSizes: sizes, random: &random)
        optimizer = OptimizerFactory.make(for: config, parameters: current.tensors)
    }

    public mutating func trainEpoch(on train: DataSplit, random: inout SeededRandom) throws -> Double {
        let labels = train.labels ?? []
        let order = random.permutation(of: train.count)
        var totalLoss = 0.0
        for start in stride(from: 0, to: order.count, by: config.batchSize) {
            let rows = order[start ..< min(order.count, start + config.batchSize)]
            let batchLabels = rows.map { labels[$0] }
            let pass = current.forward(train.features.gatheringRows(rows))
            let probabilities = pass.activations[current.layerCount]
            totalLoss += ClassificationMetrics.logLoss(probabilities: probabilities, actual: batchLabels)
                * Double(rows.count)
            optimizer.update(&current.tensors, gradients: gradients(pass, labels: batchLabels))
        }
        return totalLoss / Double(max(1, order.count))
    }

    /// Back-propagates the mean cross-entropy of one batch; gradients follow the tensor order.
    private func gradients(_ pass: MLPModel.ForwardPass, labels: [Int]) -> [[Float]] {
        let batchSize = labels.count
        var delta = pass.activations[current.layerCount]
        let scale = 1 / Float(batchSize)
        for (row, label) in labels.enumerated() {
            delta[row, label] -= 1
        }
        BLAS.scale(&delta.values, by: scale)

        var gradients = [[Float]](repeating: [], count: current.tensors.count)
        for layer in stride(from: current.layerCount - 1, through: 0, by: -1) {
            let input = pass.activations[layer]
            var weightGradient = Matrix(rows: input.columns, columns: delta.columns)
            BLAS.gemm(input, transposeA: true, delta, into: &weightGradient)
            gradients[2 * layer] = weightGradient.values
            gradients[2 * layer + 1] = delta.columnSums()
            if layer > 0 {
                var inputGradient = Matrix(rows: batchSize, columns: input.columns)
                BLAS.gemm(delta, current.tensors[2 * layer].matrix, transposeB: true, into: &inputGradient)
                Activations.reluBackward(&inputGradient, preActivation: pass.preActivations[layer - 1])
                delta = inputGradient
            }
        }
        return gradients
    }

    public func evaluate(on split: DataSplit) -> ValidationMetrics {
        let probabilities = current.forward(split.features).activations[current.layerCount]
        return ClassificationMetrics.evaluate(probabilities: probabilities, actual: split.labels ?? [])
    }

    public var state: TrainerState {
        let optimizerState = optimizer.state
        return TrainerState(tensors: current.tensors + optimizerState.tensors, counters: optimizerState.counters)
    }

    public mutating func restore(_ state: TrainerState) throws(ModelError) {
        let parts = try state.split(matching: current.tensors, trainer: Self.name)
        let restored = try MLPModel(tensors: parts.model)
        try optimizer.restore(tensors: parts.optimizer, counters: state.counters)
        current = restored
    }

    public var model: any PredictiveModel { current }
}
