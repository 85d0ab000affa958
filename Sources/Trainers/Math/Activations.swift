import Foundation

/// Element-wise activation functions applied in place.
enum Activations {
    /// Replaces every row by its softmax (max-shifted for stability).
    static func softmaxRows(_ matrix: inout Matrix) {
        let columns = matrix.columns
        matrix.values.withUnsafeMutableBufferPointer { values in
            for row in 0 ..< matrix.rows {
                let start = row * columns
                var maximum = -Float.infinity
                for index in start ..< start + columns {
                    maximum = max(maximum, values[index])
                }
                var total: Float = 0
                for index in start ..< start + columns {
                    let shifted = exp(values[index] - maximum)
                    values[index] = shifted
                    total += shifted
                }
                for index in start ..< start + columns {
                    values[index] /= total
                }
            }
        }
    }

    /// The logistic sigmoid of every element.
    static func sigmoid(_ values: inout [Float]) {
        for index in values.indices {
            let z = values[index]
            values[index] = z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
        }
    }

    /// `max(0, x)` on every element.
    static func relu(_ matrix: inout Matrix) {
        for index in matrix.values.indices where matrix.values[index] < 0 {
            matrix.values[index] = 0
        }
    }

    /// Zeroes the gradient wherever the layer's pre-activation was not positive (ReLU backward).
    static func reluBackward(_ gradient: inout Matrix, preActivation: Matrix) {
        for index in gradient.values.indices where preActivation.values[index] <= 0 {
            gradient.values[index] = 0
        }
    }
}
