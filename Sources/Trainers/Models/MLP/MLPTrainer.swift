import Foundation

/// A multi-layer perceptron trained with softmax cross-entropy by mini-batch back-propagation.
///
/// Layer widths are `features`, `config.hiddenLayers…`, `classes`; weights are He-initialised
/// from the training generator, every product is an SGEMM, and updates use Adam or SGD with
/// momentum. Each epoch visits the rows in an order drawn from the training generator.
///
/// An epoch allocates its batch buffers once (see ``BatchBuffers``) and every mini-batch reuses
/// them: rows are gathered with whole-row copies, each layer's product accumulates onto its bias
/// (see ``MLPModel/applyLayer(_:rows:input:output:)``), and the softmax cross-entropy gradient
/// and the loss are formed in one pass over the probabilities.
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
        var buffers = BatchBuffers(model: current, capacity: min(config.batchSize, order.count))
        var totalLoss = 0.0
        for start in stride(from: 0, to: order.count, by: config.batchSize) {
            let rows = order[start ..< min(order.count, start + config.batchSize)]
            totalLoss += backPropagate(rows, of: train.features, labels: labels, buffers: &buffers)
            optimizer.update(&current.tensors, gradients: buffers.gradients)
        }
        return totalLoss / Double(max(1, order.count))
    }

    /// Storage for one mini-batch, allocated once per epoch for `capacity` rows: the gathered
    /// input, every layer's activations and deltas (one contiguous arena, so that one layer can be
    /// read while the next is written), and the gradients handed to the optimizer.
    private struct BatchBuffers {
        /// Input features, then the output width of every layer.
        let widths: [Int]
        /// Where in `arena` the input rows (index 0) and the activations of layer `l` (index `l + 1`) start.
        let activationOffsets: [Int]
        /// Where in `arena` the loss gradient with respect to layer `l`'s pre-activations starts.
        let deltaOffsets: [Int]
        /// `capacity` ones, for column sums.
        let ones: [Float]
        var arena: [Float]
        /// Weight and bias gradients in tensor order.
        var gradients: [[Float]]

        init(model: MLPModel, capacity: Int) {
            widths = [model.featureCount] + model.layerWidths
            var offsets: [Int] = []
            var end = 0
            for width in widths {
                offsets.append(end)
                end += capacity * width
            }
            activationOffsets = offsets
            offsets = []
            for width in widths.dropFirst() {
                offsets.append(end)
                end += capacity * width
            }
            deltaOffsets = offsets
            ones = [Float](repeating: 1, count: capacity)
            arena = [Float](repeating: 0, count: end)
            gradients = model.tensors.map { [Float](repeating: 0, count: $0.values.count) }
        }
    }

    /// Gathers `rows` of `features`, runs the network forward and back-propagates the mean
    /// cross-entropy of the batch into `buffers.gradients` (tensor order). Returns the summed
    /// (not averaged) cross-entropy of the batch.
    private func backPropagate(
        _ rows: ArraySlice<Int>, of features: Matrix, labels: [Int], buffers: inout BatchBuffers
    ) -> Double {
        let count = rows.count
        let layers = current.layerCount
        let widths = buffers.widths
        let activationOffsets = buffers.activationOffsets
        let deltaOffsets = buffers.deltaOffsets
        let ones = buffers.ones
        var loss = 0.0
        buffers.arena.withUnsafeMutableBufferPointer { arena in
            guard let base = arena.baseAddress, count > 0 else { return }
            func slice(_ offset: Int, width: Int) -> UnsafeMutableBufferPointer<Float> {
                UnsafeMutableBufferPointer(start: base + offset, count: count * width)
            }

            // Gather whole rows.
            let inputWidth = widths[0]
            features.values.withUnsafeBufferPointer { source in
                guard let source = source.baseAddress else { return }
                for (slot, row) in rows.enumerated() {
                    (base + slot * inputWidth).update(from: source + row * inputWidth, count: inputWidth)
                }
            }

            // Forward: layer l reads activations l and writes activations l + 1.
            for layer in 0 ..< layers {
                current.applyLayer(
                    layer, rows: count, input: base + activationOffsets[layer],
                    output: slice(activationOffsets[layer + 1], width: widths[layer + 1])
                )
            }

            // Cross-entropy and its gradient with respect to the logits, (p − y) / batch size.
            let classes = widths[layers]
            let probabilities = base + activationOffsets[layers]
            let delta = base + deltaOffsets[layers - 1]
            let scale = 1 / Float(count)
            for (slot, row) in rows.enumerated() {
                let label = labels[row]
                let offset = slot * classes
                loss -= log(max(ClassificationMetrics.probabilityFloor, min(1, Double(probabilities[offset + label]))))
                for column in 0 ..< classes {
                    let p = probabilities[offset + column]
                    delta[offset + column] = (column == label ? p - 1 : p) * scale
                }
            }

            // Backward, output layer first.
            for layer in stride(from: layers - 1, through: 0, by: -1) {
                let (inputs, outputs) = (widths[layer], widths[layer + 1])
                let input = base + activationOffsets[layer]
                let delta = base + deltaOffsets[layer]
                buffers.gradients[2 * layer].withUnsafeMutableBufferPointer { weightGradient in
                    guard let weightGradient = weightGradient.baseAddress else { return }
                    BLAS.gemm(m: inputs, n: outputs, k: count, input, transposeA: true, delta, into: weightGradient)
                }
                buffers.gradients[2 * layer + 1].withUnsafeMutableBufferPointer { biasGradient in
                    ones.withUnsafeBufferPointer { ones in
                        guard let biasGradient = biasGradient.baseAddress, let ones = ones.baseAddress else { return }
                        BLAS.columnSums(rows: count, columns: outputs, delta, ones: ones, into: biasGradient)
                    }
                }
                if layer > 0 {
                    let inputDelta = slice(deltaOffsets[layer - 1], width: inputs)
                    current.tensors[2 * layer].values.withUnsafeBufferPointer { weights in
                        guard let weights = weights.baseAddress, let inputDelta = inputDelta.baseAddress else { return }
                        BLAS.gemm(m: count, n: inputs, k: outputs, delta, weights, transposeB: true, into: inputDelta)
                    }
                    Activations.reluBackward(inputDelta, activation: UnsafeBufferPointer(slice(activationOffsets[layer], width: inputs)))
                }
            }
        }
        return loss
    }

    public func evaluate(on split: DataSplit) -> ValidationMetrics {
        ClassificationMetrics.evaluate(probabilities: current.probabilities(split.features), actual: split.labels ?? [])
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
