import Foundation

/// Element-wise activation functions applied in place.
///
/// The row-wise functions work on contiguous row-major storage so that the MLP can run them over
/// its reused batch buffers; each makes a single pass over the rows.
enum Activations {
    /// Replaces every row by its softmax (max-shifted for stability).
    static func softmaxRows(_ matrix: inout Matrix) {
        let columns = matrix.columns
        matrix.values.withUnsafeMutableBufferPointer { values in
            softmaxRows(values, columns: columns)
        }
    }

    /// Replaces every `columns`-wide row of `values` by its softmax (max-shifted for stability).
    static func softmaxRows(_ values: UnsafeMutableBufferPointer<Float>, columns: Int) {
        guard columns > 0, let base = values.baseAddress else { return }
        for start in stride(from: 0, to: values.count, by: columns) {
            let row = base + start
            var maximum = -Float.infinity
            for column in 0 ..< columns {
                maximum = max(maximum, row[column])
            }
            var total: Float = 0
            for column in 0 ..< columns {
                let shifted = exp(row[column] - maximum)
                row[column] = shifted
                total += shifted
            }
            for column in 0 ..< columns {
                row[column] /= total
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

    /// `max(0, x)` (ReLU) on every element; NaN stays NaN.
    static func relu(_ values: UnsafeMutableBufferPointer<Float>) {
        guard let base = values.baseAddress else { return }
        let vectorCount = values.count - values.count % Lanes.scalarCount
        for index in stride(from: 0, to: vectorCount, by: Lanes.scalarCount) {
            let z = Lanes(loadingFrom: base + index)
            z.replacing(with: 0, where: z .< 0).store(to: base + index)
        }
        for index in vectorCount ..< values.count where base[index] < 0 {
            base[index] = 0
        }
    }

    /// ReLU backward: zeroes `gradient` wherever the layer's activation `ReLU(z)` is not positive
    /// (exactly where `z` is not positive). Both buffers have the same length.
    static func reluBackward(_ gradient: UnsafeMutableBufferPointer<Float>, activation: UnsafeBufferPointer<Float>) {
        precondition(gradient.count == activation.count, "reluBackward: lengths differ")
        guard let g = gradient.baseAddress, let a = activation.baseAddress else { return }
        let vectorCount = gradient.count - gradient.count % Lanes.scalarCount
        for index in stride(from: 0, to: vectorCount, by: Lanes.scalarCount) {
            Lanes(loadingFrom: g + index).replacing(with: 0, where: Lanes(loadingFrom: a + index) .<= 0).store(to: g + index)
        }
        for index in vectorCount ..< gradient.count {
            g[index] = a[index] <= 0 ? 0 : g[index]
        }
    }

    /// The vector width of the branch-free loops above.
    private typealias Lanes = SIMD8<Float>
}
