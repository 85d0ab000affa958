import Foundation
import Testing
@testable import Trainers

@Suite("Trainers learn separable problems")
struct TrainerAccuracyTests {
    @Test(arguments: [OptimizerKind.adam, .sgd])
    func mlpLearnsThreeBlobs(optimizer: OptimizerKind) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let config = TrainingConfig(epochs: 15, batchSize: 32, learningRate: optimizer == .adam ? 0.01 : 0.05,
                                    hiddenLayers: [16, 8], optimizer: optimizer)
        let result = try Fixtures.train("mlp", data: Fixtures.write(Fixtures.blobs, in: folder, style: .name),
                                        config: config, output: folder.file("out"))
        let validation = result.card.metrics.validation
        #expect(try #require(validation.accuracy) > 0.9)
        #expect(try #require(validation.f1Macro) > 0.9)
        #expect(validation.auc == nil)
        #expect(result.card.schema.classes == ["blob_a", "blob_b", "blob_c"])
    }

    @Test func logisticLearnsBinaryBlobs() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let result = try Fixtures.train("logistic", data: Fixtures.write(Fixtures.binary, in: folder),
                                        config: TrainingConfig(epochs: 10, learningRate: 0.05),
                                        output: folder.file("out"))
        let validation = result.card.metrics.validation
        #expect(try #require(validation.accuracy) > 0.9)
        #expect(try #require(validation.auc) > 0.95)
        #expect(try #require(validation.logLoss) < 0.3)
        #expect(result.model.model.tensors.map(\.shape) == [[3, 1], [1]])
    }

    @Test func logisticLearnsThreeClassesWithSoftmax() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let result = try Fixtures.train("logistic", data: Fixtures.write(Fixtures.blobs, in: folder),
                                        config: TrainingConfig(epochs: 10, learningRate: 0.05, optimizer: .sgd),
                                        output: folder.file("out"))
        #expect(try #require(result.card.metrics.validation.accuracy) > 0.9)
        #expect(result.model.model.tensors.map(\.shape) == [[4, 3], [3]])
    }

    @Test func kmeansRecoversWellSeparatedClusters() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try Fixtures.write(Fixtures.blobs, in: folder, label: nil)
        let result = try Fixtures.train("kmeans", data: data, label: nil,
                                        config: TrainingConfig(epochs: 10, k: 3), output: folder.file("out"))
        let validation = result.card.metrics.validation
        #expect(try #require(validation.silhouette) > 0.5)
        // Every true blob maps to exactly one cluster.
        let (points, labels, _) = Fixtures.blobs.generate()
        let clusters = result.model.predict(points).indices
        let pairs = Set(zip(labels, clusters).map { "\($0.0)-\($0.1)" })
        #expect(pairs.count == 3)
        #expect(Set(clusters).count == 3)
    }

    @Test func kmeansIgnoresAGivenLabelColumn() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try Fixtures.write(Fixtures.blobs, in: folder)
        let config = TrainingConfig(epochs: 5, k: 3)
        let labelled = try Fixtures.train("kmeans", data: data, label: "label", config: config, output: folder.file("a"))
        #expect(labelled.card.schema.features == ["x0", "x1", "x2", "x3"])
        #expect(labelled.model.model.featureCount == 4)
        #expect(try #require(labelled.card.metrics.validation.silhouette) > 0.5)
    }
}
