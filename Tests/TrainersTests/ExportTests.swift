import Foundation
import Testing
@testable import Trainers

@Suite("Export")
struct ExportTests {
    @Test(arguments: ["mlp", "logistic", "kmeans"])
    func loadedModelPredictsExactlyLikeTheTrainedOne(trainer: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try Fixtures.write(Fixtures.blobs, in: folder)
        let result = try Fixtures.train(trainer, data: data, label: trainer == "kmeans" ? nil : "label",
                                        config: TrainingConfig(epochs: 3, hiddenLayers: [8], k: 3),
                                        output: folder.file("out"))
        let loaded = try TrainedModel(contentsOf: result.modelURL)
        #expect(loaded.trainerName == trainer)
        #expect(loaded.config == result.model.config)
        #expect(loaded.schema == result.model.schema)
        #expect(loaded.standardizer == result.model.standardizer)
        #expect(loaded.model.tensors == result.model.model.tensors)

        let raw = try CSVDatasetReader(labelColumn: trainer == "kmeans" ? nil : "label").read(from: data).features
        let expected = result.model.predict(raw)
        let actual = loaded.predict(raw)
        #expect(actual.indices == expected.indices)
        #expect(actual.probabilities?.values.map(\.bitPattern) == expected.probabilities?.values.map(\.bitPattern))
        #expect((trainer == "kmeans") == (actual.probabilities == nil))
    }

    @Test func modelFileLayoutAndIntegrity() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try Fixtures.write(Fixtures.binary, in: folder)
        let result = try Fixtures.train("logistic", data: data, config: TrainingConfig(epochs: 2), output: folder.file("out"))
        let bytes = try Fixtures.bytes(result.modelURL)
        #expect(Array(bytes.prefix(8)) == Array("TRAINYRD".utf8))
        #expect(Array(bytes[8 ..< 12]) == [1, 0, 0, 0])
        #expect(SHA256.digest(bytes.dropLast(32)) == Array(bytes.suffix(32)))
        #expect(!String(decoding: bytes, as: UTF8.self).contains(folder.url.path))

        var damaged = bytes
        damaged[40] ^= 0x01
        try Data(damaged).write(to: folder.file("damaged.trainyard"))
        #expect { try TrainedModel(contentsOf: folder.file("damaged.trainyard")) } throws: {
            ($0 as? ModelFileError)?.code == "model_file.corrupt"
        }
        try Data(bytes.prefix(bytes.count - 10)).write(to: folder.file("short.trainyard"))
        #expect(throws: ModelFileError.self) { try TrainedModel(contentsOf: folder.file("short.trainyard")) }
        try Data("hello".utf8).write(to: folder.file("other.trainyard"))
        #expect(throws: ModelFileError.notAModelFile(path: folder.file("other.trainyard").path)) {
            try TrainedModel(contentsOf: folder.file("other.trainyard"))
        }
    }

    @Test func modelCardDescribesTheRun() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try Fixtures.write(Fixtures.binary, in: folder)
        let result = try Fixtures.train("logistic", data: data, config: TrainingConfig(epochs: 2), output: folder.file("out"))
        let json = try Fixtures.bytes(result.modelCardURL)
        let text = String(decoding: json, as: UTF8.self)
        #expect(!text.contains(folder.url.path))

        let object = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        #expect(object["trainer"] as? String == "logistic")
        let validation = try #require((object["metrics"] as? [String: Any])?["validation"] as? [String: Any])
        #expect(Set(validation.keys) == ["loss", "accuracy", "log_loss", "auc", "f1_macro"])
        let modelFile = try #require(object["model_file"] as? [String: Any])
        #expect(modelFile["sha256"] as? String == SHA256.hexDigest(try Fixtures.bytes(result.modelURL)))
        let schema = try #require(object["schema"] as? [String: Any])
        #expect(schema["features"] as? [String] == ["x0", "x1", "x2"])
        #expect(schema["label"] as? String == "label")
        #expect(schema["classes"] as? [String] == ["0", "1"])
        let config = try #require(object["config"] as? [String: Any])
        #expect(config["epochs"] as? Int == 2)
        // Sorted keys: "card_version" < "config" < "data" < "metrics" < "model_file" < "schema" < …
        let order = ["\"card_version\"", "\"config\"", "\"data\"", "\"metrics\"", "\"model_file\"", "\"schema\""]
            .compactMap { text.range(of: $0)?.lowerBound }
        #expect(order.count == 6 && order == order.sorted())
        #expect(try JSONDecoder().decode(ModelCard.self, from: Data(json)) == result.card)
    }

    /// A second format, to show exporters are pluggable.
    private struct CentroidTextExporter: ModelExporter {
        let fileName = "model.txt"
        let formatName = "text"
        let formatVersion = 7
        func encode(_ model: TrainedModel) throws -> [UInt8] {
            Array(model.model.tensors.map { "\($0.name) \($0.shape)" }.joined(separator: "\n").utf8)
        }
    }

    @Test func customExporterIsUsedAndRecorded() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = try Fixtures.write(Fixtures.blobs, in: folder, label: nil)
        let result = try TrainingRun(
            trainer: "kmeans", data: data, label: nil, config: TrainingConfig(epochs: 2, k: 3),
            output: folder.file("out"), exporter: CentroidTextExporter()
        ).run()
        #expect(try String(contentsOf: result.modelURL, encoding: .utf8) == "centroids [3, 4]")
        #expect(result.card.modelFile.name == "model.txt")
        #expect(result.card.modelFile.format == "text" && result.card.modelFile.formatVersion == 7)
    }
}
