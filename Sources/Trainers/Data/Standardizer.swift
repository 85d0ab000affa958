/// Per-feature standardisation `(x − mean) / scale`, fitted on the training split only and
/// stored with the model so predictions see the same transform.
public struct Standardizer: Sendable, Equatable {
    /// Mean of each feature over the fitting rows.
    public let means: [Float]
    /// Population standard deviation of each feature; 1 where a feature is constant.
    public let scales: [Float]

    /// A standardizer with known statistics; `means` and `scales` must have equal lengths.
    public init(means: [Float], scales: [Float]) {
        precondition(means.count == scales.count, "Standardizer: lengths differ")
        self.means = means
        self.scales = scales
    }

    /// Fits means (`Xᵀ·1 / n`) and standard deviations (norms of the centred columns) with BLAS.
    public init(fitting data: Matrix) {
        let count = Float(max(1, data.rows))
        var means = data.columnSums()
        BLAS.scale(&means, by: 1 / count)
        var centred = data
        BLAS.ger([Float](repeating: 1, count: data.rows), means, into: &centred, alpha: -1)
        let scales = (0 ..< data.columns).map { column -> Float in
            let deviation = BLAS.norm(centred.values, count: data.rows, offset: column, stride: data.columns)
                / count.squareRoot()
            return deviation > 1e-12 && deviation.isFinite ? deviation : 1
        }
        self.init(means: means, scales: scales)
    }

    /// `data` with every feature standardised.
    public func transform(_ data: Matrix) -> Matrix {
        precondition(data.columns == means.count, "Standardizer: feature count differs")
        var result = data
        let columns = data.columns
        result.values.withUnsafeMutableBufferPointer { values in
            for index in values.indices {
                let column = index % columns
                values[index] = (values[index] - means[column]) / scales[column]
            }
        }
        return result
    }
}
