/// Stochastic gradient descent with classical momentum: `v ← μ·v + g`, `θ ← θ − η·v`
/// (SSCAL and SAXPY).
struct MomentumSGD: GradientOptimizer {
    let learningRate: Float
    let momentum: Float
    private var velocities: [Tensor]

    init(learningRate: Float, momentum: Float, parameters: [Tensor]) {
        self.learningRate = learningRate
        self.momentum = momentum
        velocities = parameters.map { Tensor(name: "sgd.velocity.\($0.name)", shape: $0.shape) }
    }

    mutating func update(_ parameters: inout [Tensor], gradients: [[Float]]) {
        for index in parameters.indices {
            BLAS.scale(&velocities[index].values, by: momentum)
            BLAS.axpy(count: gradients[index].count, alpha: 1, gradients[index], into: &velocities[index].values)
            BLAS.axpy(
                count: velocities[index].values.count, alpha: -learningRate,
                velocities[index].values, into: &parameters[index].values
            )
        }
    }

    var state: (tensors: [Tensor], counters: [UInt64]) {
        (velocities, [])
    }

    mutating func restore(tensors: [Tensor], counters: [UInt64]) throws(ModelError) {
        try Self.requireMatching(tensors, velocities, trainer: "sgd")
        guard counters.isEmpty else {
            throw ModelError.invalidParameters(trainer: "sgd", reason: "unexpected step counters")
        }
        velocities = tensors
    }
}
