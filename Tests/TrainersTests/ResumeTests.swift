import Foundation
import Testing
@testable import Trainers

/// A run stopped after epoch k and resumed must end with the same bytes as an uninterrupted run.
@Suite("Resume equals uninterrupted")
struct ResumeTests {
    static let cases: [(String, OptimizerKind)] = [
        ("mlp", .adam), ("mlp", .sgd), ("logistic", .adam), ("logistic", .sgd), ("kmeans", .adam),
    ]

    private func config(_ trainer: String, _ optimizer: OptimizerKind, epochs: Int, every: Int = 1) -> TrainingConfig {
        TrainingConfig(
            epochs: epochs, batchSize: 16, learningRate: 0.02, seed: 21, checkpointEvery: every,
            hiddenLayers: [8], optimizer: optimizer, k: 4
        )
    }

    private func outputs(_ folder: URL) throws -> (model: [UInt8], card: [UInt8]) {
        (try Fixtures.bytes(folder.appendingPathComponent("model.trainyard")),
         try Fixtures.bytes(folder.appendingPathComponent(TrainingRun.modelCardFileName)))
    }

    @Test(arguments: cases)
    func shorterRunThenResumeIsByteIdentical(trainer: String, optimizer: OptimizerKind) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try Fixtures.write(Fixtures.blobs, in: folder)
        let label: String? = trainer == "kmeans" ? nil : "label"

        let straight = folder.file("straight")
        try Fixtures.train(trainer, data: data, label: label, config: config(trainer, optimizer, epochs: 6), output: straight)

        let interrupted = folder.file("interrupted")
        try Fixtures.train(trainer, data: data, label: label, config: config(trainer, optimizer, epochs: 2), output: interrupted)
        #expect(try outputs(interrupted).model != outputs(straight).model)
        let resumed = try Fixtures.train(trainer, data: data, label: label,
                                         config: config(trainer, optimizer, epochs: 6), output: interrupted, resume: true)
        #expect(resumed.resumedFromEpoch == 2)
        #expect(try outputs(interrupted).model == outputs(straight).model)
        #expect(try outputs(interrupted).card == outputs(straight).card)
    }

    @Test(arguments: cases)
    func cancelledRunThenResumeIsByteIdentical(trainer: String, optimizer: OptimizerKind) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try Fixtures.write(Fixtures.blobs, in: folder)
        let label: String? = trainer == "kmeans" ? nil : "label"
        let full = config(trainer, optimizer, epochs: 5, every: 2)

        let straight = folder.file("straight")
        try Fixtures.train(trainer, data: data, label: label, config: full, output: straight)

        let interrupted = folder.file("interrupted")
        #expect(throws: TrainingRunError.cancelled(afterEpoch: 3)) {
            try Fixtures.train(trainer, data: data, label: label, config: full, output: interrupted, cancelAfter: 3)
        }
        #expect(!FileManager.default.fileExists(atPath: interrupted.appendingPathComponent("model.trainyard").path))
        let resumed = try Fixtures.train(trainer, data: data, label: label, config: full, output: interrupted, resume: true)
        #expect(resumed.resumedFromEpoch == 3)
        #expect(try outputs(interrupted).model == outputs(straight).model)
        #expect(try outputs(interrupted).card == outputs(straight).card)
    }

    @Test func killedRunFallsBackPastADamagedCheckpointAndStillMatches() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try Fixtures.write(Fixtures.blobs, in: folder)
        let full = config("mlp", .adam, epochs: 5, every: 2)

        let straight = folder.file("straight")
        try Fixtures.train("mlp", data: data, config: full, output: straight)

        // Simulate a kill during epoch 5: checkpoints 2 and 4 exist, and the newest is half-written.
        let killed = folder.file("killed")
        try Fixtures.train("mlp", data: data, config: config("mlp", .adam, epochs: 4, every: 2), output: killed)
        let newest = killed.appendingPathComponent("checkpoints/\(CheckpointStore.fileName(epoch: 4))")
        let bytes = try Fixtures.bytes(newest)
        try Data(bytes.prefix(bytes.count / 2)).write(to: newest)

        let resumed = try Fixtures.train("mlp", data: data, config: full, output: killed, resume: true)
        #expect(resumed.resumedFromEpoch == 2)
        #expect(resumed.skippedCheckpoints.map(\.code) == ["checkpoint.truncated"])
        #expect(try outputs(killed).model == outputs(straight).model)
    }

    @Test func resumingWithFewerEpochsUsesAnEarlierCheckpoint() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try Fixtures.write(Fixtures.blobs, in: folder)
        let straight = folder.file("straight")
        try Fixtures.train("mlp", data: data, config: config("mlp", .sgd, epochs: 3), output: straight)

        let longer = folder.file("longer")
        try Fixtures.train("mlp", data: data, config: config("mlp", .sgd, epochs: 4), output: longer)
        let resumed = try Fixtures.train("mlp", data: data, config: config("mlp", .sgd, epochs: 3), output: longer, resume: true)
        #expect(resumed.resumedFromEpoch == 3)
        #expect(resumed.skippedCheckpoints.map(\.code) == ["checkpoint.incompatible"])
        #expect(try outputs(longer).model == outputs(straight).model)
    }
}
