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
        return silhouette(distances: PairwiseDistances(points), assignments: assignments)
    }

    /// ``silhouette(points:assignments:)`` from the distances between the points.
    static func silhouette(distances: PairwiseDistances, assignments: [Int]) -> Double? {
        precondition(distances.count == assignments.count, "silhouette: lengths differ")
        let count = distances.count
        let clusters = (assignments.max() ?? -1) + 1
        var sizes = [Int](repeating: 0, count: max(0, clusters))
        for cluster in assignments { sizes[cluster] += 1 }
        guard sizes.filter({ $0 > 0 }).count >= 2 else { return nil }

        var total = 0.0
        var sums = [Double](repeating: 0, count: clusters)
        distances.values.withUnsafeBufferPointer { values in
            assignments.withUnsafeBufferPointer { assignments in
                for row in 0 ..< count {
                    for index in sums.indices { sums[index] = 0 }
                    let rowDistances = UnsafeBufferPointer(rebasing: values[row * count ..< (row + 1) * count])
                    sums.withUnsafeMutableBufferPointer { sums in
                        for other in 0 ..< count where other != row {
                            sums[assignments[other]] += rowDistances[other]
                        }
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
            }
        }
        return total / Double(count)
    }

    /// Inertia, silhouette (on a sample drawn from stream `.silhouette` of `seed`) and the mean
    /// squared distance as `loss`. A `cache` keeps what does not depend on the centroids — the
    /// squared norms of the rows and the distances between the sampled rows (the sample depends
    /// only on the seed and the row count) — for the next evaluation of the same split.
    static func evaluate(points: Matrix, centroids: Matrix, seed: UInt64, cache: ClusteringCache? = nil) -> ValidationMetrics {
        let nearest = SquaredDistances.nearest(points, centroids, pointNorms: cache?.rowNorms.norms(of: points))
        let inertia = nearest.distances.reduce(0) { $0 + Double($1) }
        var sample = Array(0 ..< points.rows)
        if points.rows > silhouetteSampleLimit {
            var random = SeededRandom(seed: seed, stream: .silhouette)
            sample = Array(random.permutation(of: points.rows).prefix(silhouetteSampleLimit)).sorted()
        }
        let samplePoints = points.gatheringRows(sample)
        let silhouette = silhouette(
            distances: cache?.distances(between: samplePoints) ?? PairwiseDistances(samplePoints),
            assignments: sample.map { nearest.indices[$0] }
        )
        return ValidationMetrics(
            loss: points.rows > 0 ? inertia / Double(points.rows) : 0, inertia: inertia, silhouette: silhouette
        )
    }
}

/// Euclidean distances between every pair of rows of a matrix: the square roots (in `Double`) of
/// ``SquaredDistances/between(_:_:)``.
struct PairwiseDistances: Sendable {
    /// Number of rows compared.
    let count: Int
    /// `count × count` distances, row-major.
    let values: [Double]

    init(_ points: Matrix) {
        count = points.rows
        values = SquaredDistances.between(points, points).values.map { Double($0).squareRoot() }
    }
}

/// What ``ClusteringMetrics/evaluate(points:centroids:seed:cache:)`` can reuse between
/// evaluations of the same split: k-means evaluates the validation split after every epoch, and
/// neither the rows' norms nor the distances between the sampled rows depend on the centroids.
final class ClusteringCache {
    /// Squared norms of the rows evaluated last.
    var rowNorms = RowNormCache()
    private var samplePoints: Matrix?
    private var sampleDistances: PairwiseDistances?

    /// The distances between the rows of `points`, computed unless `points` equals the previous ones.
    func distances(between points: Matrix) -> PairwiseDistances {
        if let sampleDistances, points == samplePoints {
            return sampleDistances
        }
        let computed = PairwiseDistances(points)
        samplePoints = points
        sampleDistances = computed
        return computed
    }
}
