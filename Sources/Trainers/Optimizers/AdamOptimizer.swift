import Foundation

/// Adam (Kingma & Ba) with bias-corrected moments: β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
struct AdamOptimizer: GradientOptimizer {
    private static let beta1: Float = 0.9
    private static let beta2: Float = 0.999
    private static let epsilon: Float = 1e-8

    let learningRate: Float
    private var firstMoments: [Tensor]
    private var secondMoments: [Tensor]
    private var step: UInt64 = 0

    init(learningRate: Float, parameters: [Tensor]) {
        self.learningRate = learningRate
        firstMoments = parameters.map { Tensor(name: "adam.m.\($0.name)", shape: $0.shape) }
        secondMoments = parameters.map { Tensor(name: "adam.v.\($0.name)", shape: $0.shape) }
    }

    mutating func update(_ parameters: inout [Tensor], gradients: [[Float]]) {
        step += 1
        let correction1 = Float(1 - pow(Double(Self.beta1), Double(step)))
        let correction2 = Float(1 - pow(Double(Self.beta2), Double(step)))
        let learningRate = learningRate
        for index in parameters.indices {
            let gradient = gradients[index]
            firstMoments[index].values.withUnsafeMutableBufferPointer { m in
                secondMoments[index].values.withUnsafeMutableBufferPointer { v in
                    parameters[index].values.withUnsafeMutableBufferPointer { p in
                        for element in p.indices {
                            let g = gradient[element]
                            m[element] = Self.beta1 * m[element] + (1 - Self.beta1) * g
                            v[element] = Self.beta2 * v[element] + (1 - Self.beta2) * g * g
                            let mHat = m[element] / correction1
                            let vHat = v[element] / correction2
                            p[element] -= learningRate * mHat / (vHat.squareRoot() + Self.epsilon)
                        }
                    }
                }
            }
        }
    }

    var state: (tensors: [Tensor], counters: [UInt64]) {
        (firstMoments + secondMoments, [step])
    }

    mutating func restore(tensors: [Tensor], counters: [UInt64]) throws(ModelError) {
        try Self.requireMatching(tensors, firstMoments + secondMoments, trainer: "adam")
        guard counters.count == 1 else {
            throw ModelError.invalidParameters(trainer: "adam", reason: "expected one step counter")
        }
        firstMoments = Array(tensors[..<firstMoments.count])
        secondMoments = Array(tensors[firstMoments.count...])
        step = counters[0]
    }
}
