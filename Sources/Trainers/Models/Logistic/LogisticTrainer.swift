/// Logistic regression trained by mini-batch gradient descent (Adam or SGD with momentum).
///
/// Two classes use one sigmoid output and binary cross-entropy; more classes use a softmax and
/// categorical cross-entropy. Weights start at zero; each epoch visits the rows in an order
/// drawn from the training generator.
public struct LogisticTrainer: Trainer {
    public static let name = "logistic"
    public static let requiresLabels = true

    private let config: TrainingConfig
    private var current: LogisticModel
    private var optimizer: any GradientOptimizer

    public init(config: TrainingConfig, data: PreparedDataset, random: inout SeededRandom) throws {
        self.config = config
        current = LogisticModel(features: data.schema.features.count, classes: data.schema.classes.count)
        optimizer = OptimizerFactory.make(for: config, parameters: current.tensors)
    }

    public mutating func trainEpoch(on train: DataSplit, random: inout SeededRandom) throws -> Double {
        let labels = train.labels ?? []
        let order = random.permutation(of: train.count)
        var totalLoss = 0.0
        for start in stride(from: 0, to: order.count, by: config.batchSize) {
            let rows = order[start ..< min(order.count, start + config.batchSize)]
            let batch = train.features.gatheringRows(rows)
            let batchLabels = rows.map { labels[$0] }
            let probabilities = current.probabilities(fromLogits: current.logits(batch))
            totalLoss += ClassificationMetrics.logLoss(probabilities: probabilities, actual: batchLabels)
                * Double(rows.count)

            // d(loss)/d(logits) = (p − y) / batch size, per output.
            var delta = Matrix(rows: rows.count, columns: current.outputs)
            let scale = 1 / Float(rows.count)
            for (row, label) in batchLabels.enumerated() {
                if current.outputs == 1 {
                    delta[row, 0] = (probabilities[row, 1] - (label == 1 ? 1 : 0)) * scale
                } else {
                    for column in 0 ..< current.outputs {
                        delta[row, column] = (probabilities[row, column] - (label == column ? 1 : 0)) * scale
                    }
                }
            }
            var weightGradient = [Float](repeating: 0, count: current.tensors[0].values.count)
            if current.outputs == 1 {
                BLAS.gemv(batch, transpose: true, delta.values, into: &weightGradient)
            } else {
                var product = Matrix(rows: batch.columns, columns: current.outputs)
                BLAS.gemm(batch, transposeA: true, delta, into: &product)
                weightGradient = product.values
            }
            optimizer.update(&current.tensors, gradients: [weightGradient, delta.columnSums()])
        }
        return totalLoss / Double(max(1, order.count))
    }

    public func evaluate(on split: DataSplit) -> ValidationMetrics {
        let probabilities = current.probabilities(fromLogits: current.logits(split.features))
        return ClassificationMetrics.evaluate(probabilities: probabilities, actual: split.labels ?? [])
    }

    public var state: TrainerState {
        let optimizerState = optimizer.state
        return TrainerState(tensors: current.tensors + optimizerState.tensors, counters: optimizerState.counters)
    }

    public mutating func restore(_ state: TrainerState) throws(ModelError) {
        let parts = try state.split(matching: current.tensors, trainer: Self.name)
        let restored = try LogisticModel(tensors: parts.model)
        try optimizer.restore(tensors: parts.optimizer, counters: state.counters)
        current = restored
    }

    public var model: any PredictiveModel { current }
}
