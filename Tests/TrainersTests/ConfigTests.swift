import Foundation
import Testing
@testable import Trainers

@Suite("Training configuration")
struct ConfigTests {
    @Test func decodesSnakeCaseJSONWithDefaults() throws {
        let config = try TrainingConfig.decode(json: Data("""
        {"epochs": 7, "batch_size": 16, "learning_rate": 0.05, "seed": 9, "checkpoint_every": 2,
         "early_stopping_patience": 3, "hidden_layers": [8, 4], "optimizer": "sgd", "k": 5, "momentum": 0.8}
        """.utf8))
        #expect(config == TrainingConfig(
            epochs: 7, batchSize: 16, learningRate: 0.05, seed: 9, checkpointEvery: 2, earlyStoppingPatience: 3,
            hiddenLayers: [8, 4], optimizer: .sgd, k: 5, momentum: 0.8
        ))
        #expect(try TrainingConfig.decode(json: Data("{}".utf8)) == TrainingConfig())
    }

    @Test func roundTripsThroughJSON() throws {
        let config = TrainingConfig(epochs: 3, earlyStoppingPatience: 2, hiddenLayers: [], optimizer: .sgd)
        let json = config.canonicalJSON()
        #expect(try TrainingConfig.decode(json: json) == config)
        #expect(String(decoding: json, as: UTF8.self).contains("\"batch_size\":32"))
    }

    @Test func parsesKeyValueText() throws {
        let config = try TrainingConfig.parse(keyValues: """
        # demo
        epochs = 4
        hidden_layers: [16, 8]
        optimizer = ADAM   # case-insensitive
        early_stopping_patience = none
        seed = 123
        """)
        #expect(config == TrainingConfig(epochs: 4, seed: 123, hiddenLayers: [16, 8], optimizer: .adam))
    }

    @Test(arguments: [
        ("{\"epochs\": 0}", "epochs"),
        ("{\"batch_size\": -1}", "batch_size"),
        ("{\"learning_rate\": 0}", "learning_rate"),
        ("{\"checkpoint_every\": 0}", "checkpoint_every"),
        ("{\"early_stopping_patience\": 0}", "early_stopping_patience"),
        ("{\"hidden_layers\": [4, 0]}", "hidden_layers"),
        ("{\"k\": 0}", "k"),
        ("{\"momentum\": 1}", "momentum"),
        ("{\"validation_fraction\": 1}", "validation_fraction"),
        ("{\"optimizer\": \"rmsprop\"}", "optimizer"),
        ("{\"epochs\": \"ten\"}", "epochs"),
        ("{\"seed\": -1}", "seed"),
    ])
    func rejectsBadValuesWithTheKey(json: String, key: String) {
        do throws(ConfigError) {
            _ = try TrainingConfig.decode(json: Data(json.utf8))
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.code == "config.invalid_value")
            if case .invalidValue(let reportedKey, _, _) = error { #expect(reportedKey == key) }
        }
    }

    @Test func rejectsUnknownKeysAndMalformedText() {
        #expect(throws: ConfigError.unknownKey("epoch")) { try TrainingConfig.decode(json: Data("{\"epoch\": 3}".utf8)) }
        #expect(throws: ConfigError.unknownKey("layers")) { try TrainingConfig.parse(keyValues: "layers = 3") }
        #expect { try TrainingConfig.decode(json: Data("[1]".utf8)) } throws: { ($0 as? ConfigError)?.code == "config.malformed" }
        #expect { try TrainingConfig.parse(keyValues: "epochs") } throws: { ($0 as? ConfigError)?.code == "config.malformed" }
        #expect { try TrainingConfig.parse(keyValues: "epochs = many") } throws: {
            ($0 as? ConfigError)?.code == "config.invalid_value"
        }
    }

    @Test func resumeCompatibilityIgnoresOnlyScheduleKeys() {
        let base = TrainingConfig(epochs: 5)
        #expect(TrainingConfig(epochs: 50, checkpointEvery: 3, earlyStoppingPatience: 2, blasThreads: 2).canResume(from: base))
        #expect(!TrainingConfig(epochs: 5, learningRate: 0.1).canResume(from: base))
        #expect(!TrainingConfig(epochs: 5, optimizer: .sgd).canResume(from: base))
    }
}
