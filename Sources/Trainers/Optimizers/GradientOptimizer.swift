/// An update rule that moves parameters against their gradients and carries state between steps.
protocol GradientOptimizer: Sendable {
    /// Applies one step. `gradients[i]` has the length of `parameters[i].values`.
    mutating func update(_ parameters: inout [Tensor], gradients: [[Float]])
    /// The optimizer state for a checkpoint: moment or velocity tensors and step counters.
    var state: (tensors: [Tensor], counters: [UInt64]) { get }
    /// Restores state produced by ``state``; throws if names or shapes differ.
    mutating func restore(tensors: [Tensor], counters: [UInt64]) throws(ModelError)
}

extension GradientOptimizer {
    /// Checks that `tensors` match `expected` name for name and shape for shape.
    static func requireMatching(_ tensors: [Tensor], _ expected: [Tensor], trainer: String) throws(ModelError) {
        guard tensors.count == expected.count,
              zip(tensors, expected).allSatisfy({ $0.name == $1.name && $0.shape == $1.shape })
        else {
            throw ModelError.invalidParameters(trainer: trainer, reason: "optimizer state does not match the model")
        }
    }
}
