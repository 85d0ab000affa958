import Foundation
import Testing
@testable import Trainers

@Suite("Determinism")
struct DeterminismTests {
    @Test(arguments: ["mlp", "logistic", "kmeans"])
    func sameSeedSameFilesOtherSeedOtherFiles(trainer: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try Fixtures.write(Fixtures.blobs, in: folder)
        let label: String? = trainer == "kmeans" ? nil : "label"
        func run(seed: UInt64, into name: String) throws -> (model: [UInt8], card: [UInt8]) {
            let result = try Fixtures.train(trainer, data: data, label: label,
                                            config: TrainingConfig(epochs: 3, seed: seed, hiddenLayers: [8], k: 5),
                                            output: folder.file(name))
            return (try Fixtures.bytes(result.modelURL), try Fixtures.bytes(result.modelCardURL))
        }
        let first = try run(seed: 1, into: "a")
        let second = try run(seed: 1, into: "b")
        let other = try run(seed: 2, into: "c")
        #expect(first.model == second.model)
        #expect(first.card == second.card)
        #expect(first.model != other.model)
        #expect(BLAS.threadCount == 1)
    }
}
