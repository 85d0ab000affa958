/// A fully connected network: ReLU hidden layers and a softmax output layer.
///
/// Tensors: `layer{i}.weight` (`inputs × outputs`) and `layer{i}.bias` (`outputs`) for every layer,
/// input side first.
public struct MLPModel: PredictiveModel {
    public static let trainerName = "mlp"

    public internal(set) var tensors: [Tensor]

    public var featureCount: Int { tensors[0].shape[0] }

    /// A He-initialised network (`N(0, 2 / fan-in)` weights, zero biases) with widths
    /// `layerSizes` (input first, classes last).
    init(layerSizes: [Int], random: inout SeededRandom) {
        var tensors: [Tensor] = []
        for (layer, (inputs, outputs)) in zip(layerSizes, layerSizes.dropFirst()).enumerated() {
            let deviation = (2.0 / Double(inputs)).squareRoot()
            let weights = (0 ..< inputs * outputs).map { _ in Float(random.nextGaussian() * deviation) }
            tensors.append(Tensor(name: "layer\(layer).weight", shape: [inputs, outputs], values: weights))
            tensors.append(Tensor(name: "layer\(layer).bias", shape: [outputs]))
        }
        self.tensors = tensors
    }

    public init(tensors: [Tensor]) throws(ModelError) {
        guard !tensors.isEmpty, tensors.count.isMultiple(of: 2) else {
            throw ModelError.invalidParameters(trainer: Self.trainerName, reason: "expected weight and bias pairs")
        }
        var inputs: Int?
        for layer in 0 ..< tensors.count / 2 {
            let weight = tensors[2 * layer]
            let bias = tensors[2 * layer + 1]
            guard weight.name == "layer\(layer).weight", bias.name == "layer\(layer).bias",
                  weight.shape.count == 2, bias.shape == [weight.shape[1]], weight.shape[1] >= 1,
                  inputs.map({ $0 == weight.shape[0] }) ?? true
            else {
                throw ModelError.invalidParameters(
                    trainer: Self.trainerName, reason: "layer \(layer) is missing or its shape does not chain"
                )
            }
            inputs = weight.shape[1]
        }
        self.tensors = tensors
    }

    /// Number of dense layers.
    var layerCount: Int { tensors.count / 2 }

    /// Output width of every layer, input side first (the last is the class count).
    var layerWidths: [Int] { (0 ..< layerCount).map { tensors[2 * $0].shape[1] } }

    /// Rows per block when ``probabilities(_:)`` runs the network over many rows.
    private static let inferenceBlockRows = 512

    /// Runs one dense layer on `rows` contiguous input rows: `output = f(input · W + b)`, where `f`
    /// is ReLU for hidden layers and the row softmax for the last layer. `input` holds
    /// `rows × inputs` values and `output` at least `rows × outputs`. The bias is written first and
    /// the product accumulated onto it, so no separate pass adds it.
    func applyLayer(_ layer: Int, rows: Int, input: UnsafePointer<Float>, output: UnsafeMutableBufferPointer<Float>) {
        let weight = tensors[2 * layer]
        let (inputs, outputs) = (weight.shape[0], weight.shape[1])
        guard rows > 0, let outputBase = output.baseAddress else { return }
        let result = UnsafeMutableBufferPointer(rebasing: output[0 ..< rows * outputs])
        tensors[2 * layer + 1].values.withUnsafeBufferPointer { bias in
            guard let bias = bias.baseAddress else { return }
            for row in 0 ..< rows {
                (outputBase + row * outputs).update(from: bias, count: outputs)
            }
        }
        weight.values.withUnsafeBufferPointer { weights in
            guard inputs > 0, let weights = weights.baseAddress else { return }
            BLAS.gemm(m: rows, n: outputs, k: inputs, input, weights, into: outputBase, beta: 1)
        }
        if layer == layerCount - 1 {
            Activations.softmaxRows(result, columns: outputs)
        } else {
            Activations.relu(result)
        }
    }

    /// Class probabilities (`rows × classes`) for every row of `input`, computed block by block so
    /// that the hidden activations stay in cache.
    func probabilities(_ input: Matrix) -> Matrix {
        precondition(input.columns == featureCount, "MLP: the input has \(input.columns) features, the model \(featureCount)")
        let widths = layerWidths
        let classes = widths[widths.count - 1]
        let block = min(Self.inferenceBlockRows, max(1, input.rows))
        let half = block * (widths.max() ?? classes)
        var result = [Float](repeating: 0, count: input.rows * classes)
        var hidden = [Float](repeating: 0, count: 2 * half)
        input.values.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { result in
                hidden.withUnsafeMutableBufferPointer { hidden in
                    guard let hidden = hidden.baseAddress else { return }
                    // Only a model without input features has no input storage, and it never reads it.
                    let source = source.baseAddress ?? UnsafePointer(hidden)
                    for start in stride(from: 0, to: input.rows, by: block) {
                        let rows = min(block, input.rows - start)
                        var layerInput = UnsafePointer(source + start * input.columns)
                        for layer in 0 ..< layerCount - 1 {
                            // The two halves of `hidden` take turns as a layer's output and the next one's input.
                            let output = hidden + (layer % 2) * half
                            applyLayer(layer, rows: rows, input: layerInput, output: UnsafeMutableBufferPointer(start: output, count: half))
                            layerInput = UnsafePointer(output)
                        }
                        let output = UnsafeMutableBufferPointer(rebasing: result[start * classes ..< (start + rows) * classes])
                        applyLayer(layerCount - 1, rows: rows, input: layerInput, output: output)
                    }
                }
            }
        }
        return Matrix(rows: input.rows, columns: classes, values: result)
    }

    public func predict(_ features: Matrix) -> Prediction {
        let probabilities = probabilities(features)
        return Prediction(indices: probabilities.rowArgmax(), probabilities: probabilities)
    }
}
