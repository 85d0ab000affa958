import Foundation
import Testing
@testable import Trainers

@Suite("Checkpoints")
struct CheckpointTests {
    private func sample() throws -> Checkpoint {
        Checkpoint(
            trainerName: "mlp", config: TrainingConfig(epochs: 3), dataSHA256: "abc", epoch: 2,
            random: SeededRandom(seed: 4), bestValidationLoss: 0.25, epochsWithoutImprovement: 1, stoppedEarly: false,
            standardizer: Standardizer(means: [1, 2], scales: [3, 4]),
            trainerState: TrainerState(
                tensors: [Tensor(name: "w", shape: [2, 2], values: [1, -2, 3.5, 0]), Tensor(name: "b", shape: [2])],
                counters: [7]
            )
        )
    }

    private func decodeError(_ bytes: [UInt8]) -> CheckpointError? {
        do throws(CheckpointError) {
            _ = try Checkpoint.decode(bytes, path: "c.ckpt")
            return nil
        } catch {
            return error
        }
    }

    @Test func encodesAndDecodesEverything() throws {
        let checkpoint = try sample()
        #expect(try Checkpoint.decode(checkpoint.encoded(), path: "c.ckpt") == checkpoint)
    }

    @Test func everyFlippedByteIsDetected() throws {
        let bytes = try sample().encoded()
        for index in stride(from: 0, to: bytes.count, by: 3) {
            var damaged = bytes
            damaged[index] ^= 0x40
            let error = decodeError(damaged)
            #expect(error != nil, "byte \(index) flipped but the checkpoint still loaded")
        }
        var payloadFlip = bytes
        payloadFlip[Checkpoint.headerSize + 5] ^= 1
        #expect(decodeError(payloadFlip)?.code == "checkpoint.corrupt")
    }

    @Test func truncationAndForeignFilesAreDetected() throws {
        let bytes = try sample().encoded()
        for length in [0, 4, 10, Checkpoint.headerSize, bytes.count / 2, bytes.count - 1] {
            #expect(decodeError(Array(bytes.prefix(length)))?.code == "checkpoint.truncated", "length \(length)")
        }
        #expect(decodeError(Array("not a checkpoint at all".utf8))?.code == "checkpoint.not_a_checkpoint")
        #expect(decodeError(bytes + [0])?.code == "checkpoint.corrupt")
    }

    @Test func storeKeepsNewestAndLeavesNoTemporaryFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = CheckpointStore(directory: folder.file("checkpoints"), retained: 2)
        var checkpoint = try sample()
        for epoch in 1 ... 4 {
            checkpoint.epoch = epoch
            try store.save(checkpoint)
        }
        #expect(folder.allFiles() == ["checkpoints", "checkpoints/epoch-000003.ckpt", "checkpoints/epoch-000004.ckpt"])
        let newest = try #require(try store.newestValid())
        #expect(newest.checkpoint.epoch == 4 && newest.skipped.isEmpty)
    }

    @Test func newestValidSkipsDamagedFilesAndFailsWhenNoneAreUsable() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = CheckpointStore(directory: folder.file("checkpoints"))
        #expect(try store.newestValid() == nil)
        var checkpoint = try sample()
        checkpoint.epoch = 1
        try store.save(checkpoint)
        checkpoint.epoch = 2
        let newest = try store.save(checkpoint)
        var bytes = try Fixtures.bytes(newest)
        bytes[bytes.count - 40] ^= 0xFF
        try Data(bytes).write(to: newest)

        let found = try #require(try store.newestValid())
        #expect(found.checkpoint.epoch == 1)
        #expect(found.skipped.map(\.code) == ["checkpoint.corrupt"])

        try Data().write(to: store.directory.appendingPathComponent(CheckpointStore.fileName(epoch: 1)))
        #expect { try store.newestValid() } throws: { error in
            guard case .noValidCheckpoint(_, let problems) = error as? CheckpointError else { return false }
            return problems.map(\.code) == ["checkpoint.corrupt", "checkpoint.truncated"]
        }
    }

    @Test func renamedCheckpointIsRejected() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = CheckpointStore(directory: folder.file("checkpoints"))
        let saved = try store.save(try sample())
        try FileManager.default.moveItem(at: saved, to: store.directory.appendingPathComponent(CheckpointStore.fileName(epoch: 9)))
        #expect(throws: CheckpointError.self) { try store.newestValid() }
    }

    @Test func resumeRefusesCheckpointsOfAnotherConfiguration() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try Fixtures.write(Fixtures.binary, in: folder)
        let output = folder.file("out")
        try Fixtures.train("logistic", data: data, config: TrainingConfig(epochs: 2), output: output)
        #expect { try Fixtures.train("logistic", data: data, config: TrainingConfig(epochs: 4, learningRate: 0.5),
                                     output: output, resume: true) } throws: { error in
            guard case .noValidCheckpoint(_, let problems) = error as? CheckpointError else { return false }
            return problems.allSatisfy { $0.code == "checkpoint.incompatible" }
        }
        #expect { try Fixtures.train("mlp", data: data, config: TrainingConfig(epochs: 4), output: output, resume: true) }
            throws: { ($0 as? CheckpointError)?.code == "checkpoint.none_valid" }
    }
}
