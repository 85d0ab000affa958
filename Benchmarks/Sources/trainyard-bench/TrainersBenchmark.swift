import CBLASPeer
import Foundation
import Trainers

/// Trainers against scikit-learn on the same data (one core each), and the MLP's largest GEMM against a raw
/// `cblas_sgemm` loop of the same shape.
enum TrainersBenchmark {
    static let mlpGoal = 0.5
    static let kmeansGoal = 1.0
    static let gemmGoal = 0.8
    static let mlpEpochs = 3
    static let kmeansIterations = 20

    static func run(repositoryRoot: String) throws {
        let folder = "\(repositoryRoot)/.build/bench"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let data = "\(folder)/classification.csv"
        if !FileManager.default.fileExists(atPath: data) {
            print("writing make_classification(200000 x 64) to \(data) once…")
            _ = try Peer.run("sklearn_peer.py", repositoryRoot: repositoryRoot, arguments: ["generate", data])
        }
        try mlp(data: data, folder: folder, root: repositoryRoot)
        try kmeans(data: data, folder: folder, root: repositoryRoot)
        gemm()
    }

    /// Seconds between the first and the last epoch callback, per epoch (data loading excluded).
    private static func timedRun(_ run: (@escaping @Sendable (EpochProgress) -> Void) throws -> TrainingResult) throws -> (perEpoch: Double, result: TrainingResult) {
        let stamps = Stamps()
        let result = try run { _ in stamps.add() }
        return (stamps.perInterval(), result)
    }

    private static func mlp(data: String, folder: String, root: String) throws {
        var config = TrainingConfig()
        config.epochs = mlpEpochs + 1
        config.batchSize = 256
        config.learningRate = 0.001
        config.hiddenLayers = [128, 64]
        config.optimizer = .adam
        config.checkpointEvery = 1000
        let (swiftEpoch, result) = try timedRun { progress in
            try TrainingRun(trainer: "mlp", data: URL(fileURLWithPath: data), label: "label", config: config,
                            output: URL(fileURLWithPath: "\(folder)/mlp"), progress: progress).run()
        }
        let peer = try Peer.run("sklearn_peer.py", repositoryRoot: root, arguments: ["mlp", data, "\(mlpEpochs + 1)"])
        let sklearnEpoch = peer["epoch_seconds"] ?? .nan, sklearnAccuracy = peer["accuracy"] ?? .nan
        let accuracy = result.card.metrics.validation.accuracy ?? .nan
        print(String(format: "mlp: %.3f s/epoch vs scikit-learn MLPClassifier %.3f s/epoch: ratio %.2f (goal <= %.1f); validation accuracy %.4f vs %.4f (%+.2f points, goal within 1)",
                     swiftEpoch, sklearnEpoch, swiftEpoch / sklearnEpoch, mlpGoal, accuracy, sklearnAccuracy, (accuracy - sklearnAccuracy) * 100))
    }

    private static func kmeans(data: String, folder: String, root: String) throws {
        var config = TrainingConfig()
        config.epochs = kmeansIterations
        config.k = 16
        config.checkpointEvery = 1000
        let (swiftIteration, result) = try timedRun { progress in
            try TrainingRun(trainer: "kmeans", data: URL(fileURLWithPath: data), label: "label", config: config,
                            output: URL(fileURLWithPath: "\(folder)/kmeans"), progress: progress).run()
        }
        let peer = try Peer.run("sklearn_peer.py", repositoryRoot: root, arguments: ["kmeans", data, "\(kmeansIterations)"])
        let sklearnIteration = peer["iteration_seconds"] ?? .nan
        let trainRows = Double(result.card.data.trainRows)
        let inertia = (result.card.metrics.train.inertia ?? .nan) / trainRows
        let sklearnInertia = peer["inertia_per_sample"] ?? .nan
        print(String(format: "kmeans: %.4f s/iteration vs scikit-learn KMeans %.4f s/iteration: ratio %.2f (goal <= %.1f); inertia per sample %.4f vs %.4f (%+.2f%%, goal within 1%%)",
                     swiftIteration, sklearnIteration, swiftIteration / sklearnIteration, kmeansGoal, inertia, sklearnInertia,
                     (inertia / sklearnInertia - 1) * 100))
    }

    /// The MLP's largest layer (batch 256, 64 → 128) through ``BLAS/gemm(_:transposeA:_:transposeB:into:alpha:beta:)``
    /// against `cblas_sgemm` called directly on the same buffers.
    private static func gemm() {
        BLAS.setThreadCount(1)
        let (m, k, n) = (256, 64, 128)
        let a = Matrix(rows: m, columns: k, values: (0..<(m * k)).map { Float($0 % 17) / 17 })
        let b = Matrix(rows: k, columns: n, values: (0..<(k * n)).map { Float($0 % 13) / 13 })
        var c = Matrix(rows: m, columns: n)
        let flops = 2.0 * Double(m * k * n)
        let wrapped = Measure.throughput(seconds: 2, batch: 200) { BLAS.gemm(a, b, into: &c) }
        var raw = [Float](repeating: 0, count: m * n)
        let direct = Measure.throughput(seconds: 2, batch: 200) {
            a.values.withUnsafeBufferPointer { pa in
                b.values.withUnsafeBufferPointer { pb in
                    raw.withUnsafeMutableBufferPointer { pc in
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                                    pa.baseAddress, Int32(k), pb.baseAddress, Int32(n), 0, pc.baseAddress, Int32(n))
                    }
                }
            }
        }
        precondition(raw == c.values, "the wrapper and cblas_sgemm disagree")
        let ratio = wrapped.perSecond / direct.perSecond
        print(String(format: "gemm %dx%dx%d: %.1f GFLOP/s through the trainers' BLAS vs %.1f GFLOP/s raw cblas_sgemm: ratio %.2f (goal >= %.1f)",
                     m, k, n, wrapped.perSecond * flops / 1e9, direct.perSecond * flops / 1e9, ratio, gemmGoal))
    }
}

/// Timestamps of epoch callbacks.
private final class Stamps: @unchecked Sendable {
    private let lock = NSLock()
    private var times: [ContinuousClock.Instant] = []

    func add() { lock.withLock { times.append(.now) } }

    /// Average seconds between consecutive stamps.
    func perInterval() -> Double {
        lock.withLock {
            guard let first = times.first, let last = times.last, times.count > 1 else { return .nan }
            return Measure.seconds(last - first) / Double(times.count - 1)
        }
    }
}
