import Foundation
import Testing
@testable import Trainers

@Suite("Training run")
struct TrainingRunTests {
    @Test func unknownTrainerListsTheBuiltIns() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect(throws: TrainingRunError.unknownTrainer("forest", available: ["kmeans", "logistic", "mlp"])) {
            try TrainingRun(trainer: "forest", data: folder.file("none.csv"), label: "y", output: folder.file("out")).run()
        }
        #expect(TrainingRunError.unknownTrainer("forest", available: TrainerRegistry.names).description
            .contains("kmeans, logistic, mlp"))
    }

    @Test func classifiersNeedALabel() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try Fixtures.write(Fixtures.blobs, in: folder)
        #expect(throws: TrainingRunError.labelRequired(trainer: "mlp")) {
            try TrainingRun(trainer: "mlp", data: data, label: nil, output: folder.file("out")).run()
        }
    }

    @Test func invalidConfigurationIsRejectedBeforeTraining() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try Fixtures.write(Fixtures.blobs, in: folder)
        #expect { try Fixtures.train("mlp", data: data, config: TrainingConfig(epochs: 0), output: folder.file("out")) }
            throws: { ($0 as? ConfigError)?.code == "config.invalid_value" }
        #expect { try Fixtures.train("kmeans", data: data, label: nil, config: TrainingConfig(k: 500), output: folder.file("out")) }
            throws: { ($0 as? ConfigError)?.code == "config.invalid_value" }
    }

    @Test func progressIsReportedAfterEveryEpoch() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try Fixtures.write(Fixtures.blobs, in: folder)
        let reports = Recorder<EpochProgress>()
        _ = try TrainingRun(
            trainer: "mlp", data: data, label: "label", config: TrainingConfig(epochs: 4, checkpointEvery: 3),
            output: folder.file("out"), progress: { reports.append($0) }
        ).run()
        let seen = reports.elements
        #expect(seen.map(\.epoch) == [1, 2, 3, 4])
        #expect(seen.map(\.checkpointed) == [false, false, true, true])
        #expect(seen.allSatisfy { $0.totalEpochs == 4 && $0.samplesPerSecond > 0 && $0.trainingLoss.isFinite })
        #expect(seen.allSatisfy { $0.validation.accuracy != nil && $0.validation.logLoss == $0.validation.loss })
        #expect(seen.last?.etaSeconds == 0)
        #expect(try #require(seen.first?.etaSeconds) > 0)
        #expect(try #require(seen.last?.trainingLoss) < seen[0].trainingLoss)
    }

    @Test func outputFolderHoldsOnlyTheExpectedFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try Fixtures.write(Fixtures.blobs, in: folder)
        let output = folder.file("out")
        try Fixtures.train("logistic", data: data, config: TrainingConfig(epochs: 5), output: output)
        let files = try FileManager.default.subpathsOfDirectory(atPath: output.path).sorted()
        #expect(files == [
            "checkpoints", "checkpoints/epoch-000003.ckpt", "checkpoints/epoch-000004.ckpt",
            "checkpoints/epoch-000005.ckpt", "model.trainyard", "model_card.json",
        ])
    }

    @Test func freshRunDiscardsOldCheckpointsAndResumeWithoutAnyStartsFresh() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try Fixtures.write(Fixtures.binary, in: folder)
        let output = folder.file("out")
        try Fixtures.train("logistic", data: data, config: TrainingConfig(epochs: 4), output: output)
        try Fixtures.train("logistic", data: data, config: TrainingConfig(epochs: 1), output: output)
        #expect(CheckpointStore(directory: output.appendingPathComponent("checkpoints")).files().map(\.epoch) == [1])

        let other = folder.file("other")
        let fresh = try Fixtures.train("logistic", data: data, config: TrainingConfig(epochs: 1), output: other, resume: true)
        #expect(fresh.resumedFromEpoch == nil)
        #expect(try Fixtures.bytes(fresh.modelURL) == Fixtures.bytes(output.appendingPathComponent("model.trainyard")))
    }

    @Test func earlyStoppingEndsTheRunAndSurvivesResume() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try Fixtures.write(Fixtures.blobs, in: folder, label: nil)
        let output = folder.file("out")
        // Lloyd iterations converge within a few epochs; after that the loss stops improving.
        let config = TrainingConfig(epochs: 40, earlyStoppingPatience: 2, k: 3)
        let result = try Fixtures.train("kmeans", data: data, label: nil, config: config, output: output)
        #expect(result.card.training.stoppedEarly)
        #expect(result.card.training.epochsCompleted < 40)
        let again = try Fixtures.train("kmeans", data: data, label: nil, config: config, output: output, resume: true)
        #expect(again.card == result.card)
        #expect(again.resumedFromEpoch == result.card.training.epochsCompleted)
    }
}
