/// k-means clustering: k-means++ initialisation, then one Lloyd iteration per epoch.
///
/// Distances come from one GEMM per block of rows (`‖x‖² − 2x·c + ‖c‖²`, see
/// ``SquaredDistances/forEachBlock(_:pointNorms:_:_:)``); while a block is in cache its rows are
/// added to their cluster's sum (in `Float` within the block, in `Double` across blocks), and each
/// new centroid is its cluster's sum over its count. The squared norms of the training rows are
/// computed once and reused by every epoch. A cluster that loses all its points keeps its
/// previous centroid. A label column, if present, is ignored.
public struct KMeansTrainer: Trainer {
    public static let name = "kmeans"
    public static let requiresLabels = false

    private let config: TrainingConfig
    private var current: KMeansModel
    /// Squared norms of the training rows, kept across epochs.
    private var trainNorms = RowNormCache()
    /// What evaluations of the same split can share (row norms, silhouette sample distances).
    private let evaluationCache = ClusteringCache()

    public init(config: TrainingConfig, data: PreparedDataset, random: inout SeededRandom) throws {
        let points = data.train.features
        guard config.k <= points.rows else {
            throw ConfigError.invalidValue(
                key: "k", value: String(config.k), reason: "more clusters than the \(points.rows) training rows"
            )
        }
        self.config = config
        current = KMeansModel(centroids: Self.seedCentroids(points, count: config.k, random: &random))
    }

    /// k-means++: the first centroid is a uniformly drawn row; each next one is drawn with
    /// probability proportional to its squared distance from the nearest centroid so far.
    static func seedCentroids(_ points: Matrix, count: Int, random: inout SeededRandom) -> Matrix {
        var chosen = [random.nextInt(below: points.rows)]
        var closest = SquaredDistances.between(points, points.gatheringRows(chosen)).values
        while chosen.count < count {
            let total = closest.reduce(0) { $0 + Double($1) }
            // When every row already coincides with a centroid, any row will do.
            let next = total > 0
                ? Self.index(at: random.nextUnit() * total, cumulating: closest)
                : random.nextInt(below: points.rows)
            chosen.append(next)
            let distances = SquaredDistances.between(points, points.gatheringRows([next])).values
            for index in closest.indices {
                closest[index] = min(closest[index], distances[index])
            }
        }
        return points.gatheringRows(chosen)
    }

    /// The first index whose running total of `weights` exceeds `target` (the last positive
    /// weight if rounding keeps the total at or below it).
    private static func index(at target: Double, cumulating weights: [Float]) -> Int {
        var cumulative = 0.0
        for (index, weight) in weights.enumerated() where weight > 0 {
            cumulative += Double(weight)
            if cumulative > target { return index }
        }
        return weights.indices.last { weights[$0] > 0 } ?? 0
    }

    public mutating func trainEpoch(on train: DataSplit, random: inout SeededRandom) throws -> Double {
        let points = train.features
        let centroids = current.centroids
        let (clusters, features) = (centroids.rows, centroids.columns)
        var sums = [Double](repeating: 0, count: clusters * features)
        var blockSums = [Float](repeating: 0, count: clusters * features)
        var counts = [Int](repeating: 0, count: clusters)
        var totalDistance = 0.0
        let norms = trainNorms.norms(of: points)
        points.values.withUnsafeBufferPointer { values in
            sums.withUnsafeMutableBufferPointer { sums in
                blockSums.withUnsafeMutableBufferPointer { blockSums in
                    counts.withUnsafeMutableBufferPointer { counts in
                        SquaredDistances.forEachBlock(points, pointNorms: norms, centroids) { rows, nearest, distances in
                            guard let values = values.baseAddress, let blockSum = blockSums.baseAddress else { return }
                            blockSums.update(repeating: 0)
                            for (offset, row) in rows.enumerated() {
                                let cluster = nearest[offset]
                                counts[cluster] += 1
                                totalDistance += Double(distances[offset])
                                VectorLoops.add(values + row * features, into: blockSum + cluster * features, count: features)
                            }
                            for index in sums.indices {
                                sums[index] += Double(blockSums[index])
                            }
                        }
                    }
                }
            }
        }
        var updated = centroids
        for cluster in 0 ..< clusters where counts[cluster] > 0 {
            for column in 0 ..< features {
                updated[cluster, column] = Float(sums[cluster * features + column] / Double(counts[cluster]))
            }
        }
        current = KMeansModel(centroids: updated)
        return totalDistance / Double(max(1, points.rows))
    }

    public func evaluate(on split: DataSplit) -> ValidationMetrics {
        ClusteringMetrics.evaluate(points: split.features, centroids: current.centroids, seed: config.seed, cache: evaluationCache)
    }

    public var state: TrainerState {
        TrainerState(tensors: current.tensors, counters: [])
    }

    public mutating func restore(_ state: TrainerState) throws(ModelError) {
        let parts = try state.split(matching: current.tensors, trainer: Self.name)
        guard parts.optimizer.isEmpty, state.counters.isEmpty else {
            throw ModelError.invalidParameters(trainer: Self.name, reason: "unexpected optimizer state")
        }
        current = try KMeansModel(tensors: parts.model)
    }

    public var model: any PredictiveModel { current }
}
