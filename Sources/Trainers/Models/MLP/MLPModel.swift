/// A fully connected network: ReLU hidden layers and a softmax output layer.
///
/// Tensors: `layer{i}.weight` (`inputs × outputs`) and `layer{i}.bias` (`outputs`) for every layer,
/// input side first.
public struct MLPModel: PredictiveModel {
    public static let trainerName = "mlp"

    public internal(set) var tensors: [Tensor]

    public var featureCount: Int { tensors[0].shape[0] }

    /// The pre-activations and activations of one forward pass.
    struct ForwardPass {
        /// `Z_l = A_{l−1} · W_l + b_l` for every layer.
        var preActivations: [Matrix]
        /// `A_0` (the input), then `ReLU(Z_l)` for hidden layers and `softmax(Z_L)` last.
        var activations: [Matrix]
    }

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

    /// Runs the network, keeping what back-propagation needs.
    func forward(_ input: Matrix) -> ForwardPass {
        var pass = ForwardPass(preActivations: [], activations: [input])
        for layer in 0 ..< layerCount {
            let weight = tensors[2 * layer]
            var z = Matrix(rows: input.rows, columns: weight.shape[1])
            BLAS.gemm(pass.activations[layer], weight.matrix, into: &z)
            z.addToEveryRow(tensors[2 * layer + 1].values)
            pass.preActivations.append(z)
            var activation = z
            if layer == layerCount - 1 {
                Activations.softmaxRows(&activation)
            } else {
                Activations.relu(&activation)
            }
            pass.activations.append(activation)
        }
        return pass
    }

    public func predict(_ features: Matrix) -> Prediction {
        let probabilities = forward(features).activations[layerCount]
        return Prediction(indices: probabilities.rowArgmax(), probabilities: probabilities)
    }
}
