/// Squared Euclidean distances between the rows of two matrices, computed with one GEMM as
/// `‖x‖² − 2·x·c + ‖c‖²`: every function here adds `(−2·x·c + ‖x‖²) + ‖c‖²` in that order and
/// clamps rounding noise below zero to 0.
enum SquaredDistances {
    /// Rows of `points` per GEMM in ``forEachBlock(_:pointNorms:_:_:)``: the block's products
    /// (`centers × blockRows`) and its rows stay in cache while they are scanned.
    static let blockRows = 1024

    /// An `a.rows × b.rows` matrix of squared distances; rounding noise below zero is clamped to 0.
    static func between(_ a: Matrix, _ b: Matrix) -> Matrix {
        precondition(a.columns == b.columns, "distances: column counts differ")
        var distances = Matrix(rows: a.rows, columns: b.rows)
        BLAS.gemm(a, b, transposeB: true, into: &distances, alpha: -2)
        let aNorms = a.rowSquaredNorms()
        let bNorms = b.rowSquaredNorms()
        let columns = b.rows
        distances.values.withUnsafeMutableBufferPointer { values in
            for row in 0 ..< a.rows {
                for column in 0 ..< columns {
                    values[row * columns + column] = distance(values[row * columns + column], aNorms[row], bNorms[column])
                }
            }
        }
        return distances
    }

    /// For each row of `points`, the index of the nearest row of `centers` (lowest index on ties)
    /// and the squared distance to it. `pointNorms` are the squared norms of the rows of `points`,
    /// computed here when not given.
    static func nearest(_ points: Matrix, _ centers: Matrix, pointNorms: [Float]? = nil) -> (indices: [Int], distances: [Float]) {
        var indices = [Int](repeating: 0, count: points.rows)
        var distances = [Float](repeating: 0, count: points.rows)
        forEachBlock(points, pointNorms: pointNorms ?? points.rowSquaredNorms(), centers) { rows, blockIndices, blockDistances in
            for (offset, row) in rows.enumerated() {
                indices[row] = blockIndices[offset]
                distances[row] = blockDistances[offset]
            }
        }
        return (indices, distances)
    }

    /// Finds the nearest row of `centers` for every row of `points`, ``blockRows`` rows at a time
    /// (one GEMM each), and hands each block to `body`: the block's row range, then for each of its
    /// rows the index of the nearest center (lowest index on ties) and the squared distance to it.
    /// `pointNorms` are the squared norms of the rows of `points` (``Matrix/rowSquaredNorms()``).
    static func forEachBlock(
        _ points: Matrix, pointNorms: [Float], _ centers: Matrix,
        _ body: (_ rows: Range<Int>, _ indices: UnsafeBufferPointer<Int>, _ distances: UnsafeBufferPointer<Float>) -> Void
    ) {
        precondition(points.columns == centers.columns, "distances: column counts differ")
        precondition(pointNorms.count == points.rows, "distances: one norm per point needed")
        let (features, count) = (points.columns, centers.rows)
        let capacity = min(blockRows, points.rows)
        guard capacity > 0 else { return }
        let centerNorms = centers.rowSquaredNorms()
        // Per block: the products −2·c·x (`count × capacity`, one row per center so that consecutive
        // points are contiguous), then the nearest index and distance of each point.
        var products = [Float](repeating: 0, count: count * capacity)
        var indices = [Int](repeating: 0, count: capacity)
        var distances = [Float](repeating: 0, count: capacity)
        points.values.withUnsafeBufferPointer { points in
            centers.values.withUnsafeBufferPointer { centers in
                products.withUnsafeMutableBufferPointer { products in
                    indices.withUnsafeMutableBufferPointer { indices in
                        distances.withUnsafeMutableBufferPointer { distances in
                            for start in stride(from: 0, to: pointNorms.count, by: capacity) {
                                let rows = start ..< min(pointNorms.count, start + capacity)
                                if let points = points.baseAddress, let centers = centers.baseAddress,
                                   let output = products.baseAddress {
                                    BLAS.gemm(m: count, n: rows.count, k: features, centers,
                                              points + start * features, transposeB: true, into: output, alpha: -2)
                                } else {
                                    // No features (all products are 0) or no centers (nothing to compare).
                                    products.update(repeating: 0)
                                }
                                pointNorms.withUnsafeBufferPointer { norms in
                                    nearestColumns(
                                        products, columns: rows.count, columnNorms: UnsafeBufferPointer(rebasing: norms[rows]),
                                        rowNorms: centerNorms, indices: indices, distances: distances
                                    )
                                }
                                body(rows, UnsafeBufferPointer(rebasing: indices[0 ..< rows.count]),
                                     UnsafeBufferPointer(rebasing: distances[0 ..< rows.count]))
                            }
                        }
                    }
                }
            }
        }
    }

    /// For each of the first `columns` columns of `products` (`rowNorms.count` rows, each
    /// `columns` long), the row with the smallest `distance(product, columnNorm, rowNorm)` — the
    /// first one on ties — and that distance. Eight columns are scanned at a time, with the same
    /// comparisons per column as a scalar scan.
    private static func nearestColumns(
        _ products: UnsafeMutableBufferPointer<Float>, columns: Int, columnNorms: UnsafeBufferPointer<Float>,
        rowNorms: [Float], indices: UnsafeMutableBufferPointer<Int>, distances: UnsafeMutableBufferPointer<Float>
    ) {
        typealias Lanes = SIMD8<Float>
        guard let base = products.baseAddress, let norms = columnNorms.baseAddress else { return }
        let vectorColumns = columns - columns % Lanes.scalarCount
        for column in stride(from: 0, to: vectorColumns, by: Lanes.scalarCount) {
            let columnNorm = Lanes(loadingFrom: norms + column)
            var best = SIMD8<Int32>(repeating: 0)
            var bestDistance = Lanes(repeating: .infinity)
            for (row, rowNorm) in rowNorms.enumerated() {
                let squared = Lanes(loadingFrom: base + row * columns + column) + columnNorm + Lanes(repeating: rowNorm)
                let candidate = squared.replacing(with: 0, where: squared .< 0)
                let closer = candidate .< bestDistance
                best.replace(with: Int32(truncatingIfNeeded: row), where: closer)
                bestDistance.replace(with: candidate, where: closer)
            }
            for lane in 0 ..< Lanes.scalarCount {
                indices[column + lane] = Int(best[lane])
                distances[column + lane] = bestDistance[lane]
            }
        }
        for column in vectorColumns ..< columns {
            var best = 0
            var bestDistance = Float.infinity
            for (row, rowNorm) in rowNorms.enumerated() {
                let candidate = distance(base[row * columns + column], norms[column], rowNorm)
                if candidate < bestDistance {
                    best = row
                    bestDistance = candidate
                }
            }
            indices[column] = best
            distances[column] = bestDistance
        }
    }

    /// `(product + pointNorm) + centerNorm` for `product = −2·x·c`, with rounding noise below zero clamped to 0.
    @inline(__always)
    private static func distance(_ product: Float, _ pointNorm: Float, _ centerNorm: Float) -> Float {
        let squared = product + pointNorm + centerNorm
        return squared < 0 ? 0 : squared
    }
}
