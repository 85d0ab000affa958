/// Squared Euclidean distances between the rows of two matrices, computed with one GEMM as
/// `‖x‖² − 2·x·c + ‖c‖²`.
enum SquaredDistances {
    /// An `a.rows × b.rows` matrix of squared distances; rounding noise below zero is clamped to 0.
    static func between(_ a: Matrix, _ b: Matrix) -> Matrix {
        precondition(a.columns == b.columns, "distances: column counts differ")
        var distances = Matrix(rows: a.rows, columns: b.rows)
        BLAS.gemm(a, b, transposeB: true, into: &distances, alpha: -2)
        BLAS.ger(a.rowSquaredNorms(), [Float](repeating: 1, count: b.rows), into: &distances, alpha: 1)
        distances.addToEveryRow(b.rowSquaredNorms())
        for index in distances.values.indices where distances.values[index] < 0 {
            distances.values[index] = 0
        }
        return distances
    }

    /// For each row of `points`, the index of the nearest row of `centers` (lowest index on ties)
    /// and the squared distance to it.
    static func nearest(_ points: Matrix, _ centers: Matrix) -> (indices: [Int], distances: [Float]) {
        let all = between(points, centers)
        var indices = [Int](repeating: 0, count: points.rows)
        var nearest = [Float](repeating: 0, count: points.rows)
        for row in 0 ..< points.rows {
            var best = 0
            var bestDistance = Float.infinity
            for column in 0 ..< centers.rows where all[row, column] < bestDistance {
                best = column
                bestDistance = all[row, column]
            }
            indices[row] = best
            nearest[row] = bestDistance
        }
        return (indices, nearest)
    }
}
