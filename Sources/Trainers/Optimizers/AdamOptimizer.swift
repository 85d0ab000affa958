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
            gradients[index].withUnsafeBufferPointer { g in
                firstMoments[index].values.withUnsafeMutableBufferPointer { m in
                    secondMoments[index].values.withUnsafeMutableBufferPointer { v in
                        parameters[index].values.withUnsafeMutableBufferPointer { p in
                            precondition(g.count == p.count && m.count == p.count && v.count == p.count,
                                         "adam: gradient \(index) has the wrong length")
                            let count = p.count
                            guard let g = g.baseAddress, let m = m.baseAddress, let v = v.baseAddress,
                                  let p = p.baseAddress
                            else { return }
                            // Eight elements at a time, then the rest one by one: the same operations in
                            // the same order either way, so the result does not depend on the split.
                            let vectorCount = count - count % Lanes.scalarCount
                            for element in stride(from: 0, to: vectorCount, by: Lanes.scalarCount) {
                                var moment = Moments(m: Lanes(loadingFrom: m + element), v: Lanes(loadingFrom: v + element))
                                let parameter = Self.step(
                                    Lanes(loadingFrom: p + element), gradient: Lanes(loadingFrom: g + element), moments: &moment,
                                    correction1: Lanes(repeating: correction1), correction2: Lanes(repeating: correction2),
                                    learningRate: Lanes(repeating: learningRate)
                                )
                                moment.m.store(to: m + element)
                                moment.v.store(to: v + element)
                                parameter.store(to: p + element)
                            }
                            for element in vectorCount ..< count {
                                var moment = Moments(m: m[element], v: v[element])
                                p[element] = Self.step(
                                    p[element], gradient: g[element], moments: &moment,
                                    correction1: correction1, correction2: correction2, learningRate: learningRate
                                )
                                m[element] = moment.m
                                v[element] = moment.v
                            }
                        }
                    }
                }
            }
        }
    }

    private typealias Lanes = SIMD8<Float>

    /// The first and second moment of one element (or of one vector of elements).
    private struct Moments<Value> {
        var m: Value
        var v: Value
    }

    /// One Adam step for a scalar or a vector of elements; returns the updated parameter.
    @inline(__always)
    private static func step<Value: AdamValue>(
        _ parameter: Value, gradient: Value, moments: inout Moments<Value>,
        correction1: Value, correction2: Value, learningRate: Value
    ) -> Value {
        moments.m = Value(beta1) * moments.m + Value(1 - beta1) * gradient
        moments.v = Value(beta2) * moments.v + Value(1 - beta2) * gradient * gradient
        let mHat = moments.m / correction1
        let vHat = moments.v / correction2
        return parameter - learningRate * mHat / (vHat.squareRoot() + Value(epsilon))
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

/// `Float` or a vector of them: what one Adam step needs.
private protocol AdamValue {
    init(_ scalar: Float)
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    func squareRoot() -> Self
}

extension Float: AdamValue {}

extension SIMD8: AdamValue where Scalar == Float {
    fileprivate init(_ scalar: Float) { self.init(repeating: scalar) }
}
