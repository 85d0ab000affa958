/// Metrics of a clustering.
public enum ClusteringMetrics {
    /// The silhouette score is computed on at most this many rows.
    public static let silhouetteSampleLimit = 2_000

    /// Sum of squared distances of every row of `points` to its nearest row of `centroids`.
    public static func inertia(points: Matrix, centroids: Matrix) -> Double {
        SquaredDistances.nearest(points, centroids).distances.reduce(0) { $0 + Double($1) }
    }

    /// Mean silhouette coefficient `(b − a) / max(a, b)` with Euclidean distances, where `a` is a
    /// row's mean distance to the other members of its cluster and `b` the smallest mean distance
    /// to another cluster. Rows alone in their cluster score 0. `nil` unless at least two clusters
    /// are present. Pairwise distances come from one GEMM.
    public static func silhouette(points: Matrix, assignments: [Int]) -> Double? {
        precondition(points.rows == assignments.count, "silhouette: lengths differ")
        let clusters = (assignments.max() ?? -1) + 1
        var sizes = [Int](repeating: 0, count: max(0, clusters))
        for cluster in assignments { sizes[cluster] += 1 }
        guard sizes.filter({ $0 > 0 }).count >= 2 else { return nil }

        let distances = SquaredDistances.between(points, points)
        var total = 0.0
        var sums = [Double](repeating: 0, count: clusters)
        for row in 0 ..< points.rows {
            for index in sums.indices { sums[index] = 0 }
            for other in 0 ..< points.rows where other != row {
                sums[assignments[other]] += Double(distances[row, other]).squareRoot()
            }
            let own = assignments[row]
            guard sizes[own] > 1 else { continue }
            let a = sums[own] / Double(sizes[own] - 1)
            var b = Double.infinity
            for cluster in 0 ..< clusters where cluster != own && sizes[cluster] > 0 {
                b = min(b, sums[cluster] / Double(sizes[cluster]))
            }
            let denominator = max(a, b)
            total += denominator > 0 ? (b - a) / denominator : 0
        }
        return total / Double(points.rows)
    }

    /// Inertia, silhouette (on a sample drawn from stream `.silhouette` of `seed`) and the mean
    /// squared distance as `loss`.
    static func evaluate(points: Matrix, centroids: Matrix, seed: UInt64) -> ValidationMetrics {
        let nearest = SquaredDistances.nearest(points, centroids)
        let inertia = nearest.distances.reduce(0) { $0 + Double($1) }
        var sample = Array(0 ..< points.rows)
        if points.rows > silhouetteSampleLimit {
            var random = SeededRandom(seed: seed, stream: .silhouette)
            sample = Array(random.permutation(of: points.rows).prefix(silhouetteSampleLimit)).sorted()
        }
        let silhouette = silhouette(
            points: points.gatheringRows(sample), assignments: sample.map { nearest.indices[$0] }
        )
        return ValidationMetrics(
            loss: points.rows > 0 ? inertia / Double(points.rows) : 0, inertia: inertia, silhouette: silhouette
        )
    }
}
