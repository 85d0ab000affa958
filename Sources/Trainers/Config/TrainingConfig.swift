import Foundation

/// The options shared by every trainer, plus the model-specific ones.
///
/// Encoded with snake_case keys (`epochs`, `batch_size`, `learning_rate`, `seed`,
/// `checkpoint_every`, `early_stopping_patience`, `hidden_layers`, `optimizer`, `k`, `momentum`,
/// `validation_fraction`, `blas_threads`). Every key is optional when decoding; missing keys take
/// the defaults of ``init(epochs:batchSize:learningRate:seed:checkpointEvery:earlyStoppingPatience:hiddenLayers:optimizer:k:momentum:validationFraction:blasThreads:)``.
/// Unknown keys are rejected so typos do not pass silently. Call ``validate()`` (the decoders do)
/// before use.
public struct TrainingConfig: Codable, Sendable, Equatable {
    /// Number of passes over the training split (for `kmeans`, Lloyd iterations).
    public var epochs: Int
    /// Rows per mini-batch (`logistic`, `mlp`).
    public var batchSize: Int
    /// Step size of the optimizer (`logistic`, `mlp`).
    public var learningRate: Double
    /// Seed of every random choice: split, initialisation, shuffling, metric sampling.
    public var seed: UInt64
    /// A checkpoint is written after every `checkpointEvery` epochs and after the last one.
    public var checkpointEvery: Int
    /// Stop after this many epochs without a lower validation loss; `nil` never stops early.
    public var earlyStoppingPatience: Int?
    /// Widths of the hidden layers of `mlp`, input side first.
    public var hiddenLayers: [Int]
    /// Update rule of `logistic` and `mlp`.
    public var optimizer: OptimizerKind
    /// Number of clusters of `kmeans`.
    public var k: Int
    /// Momentum coefficient of the `sgd` optimizer, in `[0, 1)`.
    public var momentum: Double
    /// Share of the rows held out for validation, in `(0, 1)`.
    public var validationFraction: Double
    /// Threads OpenBLAS may use; 1 (the default) keeps runs bit-for-bit reproducible.
    public var blasThreads: Int

    /// A configuration; every argument has a default.
    public init(
        epochs: Int = 20,
        batchSize: Int = 32,
        learningRate: Double = 0.01,
        seed: UInt64 = 42,
        checkpointEvery: Int = 1,
        earlyStoppingPatience: Int? = nil,
        hiddenLayers: [Int] = [32],
        optimizer: OptimizerKind = .adam,
        k: Int = 3,
        momentum: Double = 0.9,
        validationFraction: Double = 0.2,
        blasThreads: Int = 1
    ) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.seed = seed
        self.checkpointEvery = checkpointEvery
        self.earlyStoppingPatience = earlyStoppingPatience
        self.hiddenLayers = hiddenLayers
        self.optimizer = optimizer
        self.k = k
        self.momentum = momentum
        self.validationFraction = validationFraction
        self.blasThreads = blasThreads
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case epochs
        case batchSize = "batch_size"
        case learningRate = "learning_rate"
        case seed
        case checkpointEvery = "checkpoint_every"
        case earlyStoppingPatience = "early_stopping_patience"
        case hiddenLayers = "hidden_layers"
        case optimizer
        case k
        case momentum
        case validationFraction = "validation_fraction"
        case blasThreads = "blas_threads"
    }

    /// Every key the configuration understands.
    public static var keys: [String] {
        CodingKeys.allCases.map(\.rawValue)
    }

    /// Decodes a configuration, rejecting unknown keys. Values are not range-checked here.
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.container(keyedBy: AnyCodingKey.self)
        if let unknown = raw.allKeys.map(\.stringValue).sorted().first(where: { CodingKeys(rawValue: $0) == nil }) {
            throw ConfigError.unknownKey(unknown)
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = TrainingConfig()
        epochs = try Self.value(.epochs, in: container) ?? defaults.epochs
        batchSize = try Self.value(.batchSize, in: container) ?? defaults.batchSize
        learningRate = try Self.value(.learningRate, in: container) ?? defaults.learningRate
        seed = try Self.value(.seed, in: container) ?? defaults.seed
        checkpointEvery = try Self.value(.checkpointEvery, in: container) ?? defaults.checkpointEvery
        earlyStoppingPatience = try Self.value(.earlyStoppingPatience, in: container)
        hiddenLayers = try Self.value(.hiddenLayers, in: container) ?? defaults.hiddenLayers
        optimizer = try Self.value(.optimizer, in: container) ?? defaults.optimizer
        k = try Self.value(.k, in: container) ?? defaults.k
        momentum = try Self.value(.momentum, in: container) ?? defaults.momentum
        validationFraction = try Self.value(.validationFraction, in: container) ?? defaults.validationFraction
        blasThreads = try Self.value(.blasThreads, in: container) ?? defaults.blasThreads
    }

    /// Decodes one optional key, reporting a wrong type as ``ConfigError/invalidValue(key:value:reason:)``.
    private static func value<T: Decodable>(
        _ key: CodingKeys, in container: KeyedDecodingContainer<CodingKeys>
    ) throws(ConfigError) -> T? {
        do {
            return try container.decodeIfPresent(T.self, forKey: key)
        } catch {
            let expected = T.self == OptimizerKind.self
                ? "one of \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", "))"
                : "a value of type \(T.self)"
            throw ConfigError.invalidValue(key: key.rawValue, value: "?", reason: "expected \(expected)")
        }
    }

    /// Decodes and validates a JSON object such as `{"epochs": 10, "hidden_layers": [64, 32]}`.
    public static func decode(json: Data) throws(ConfigError) -> TrainingConfig {
        let config: TrainingConfig
        do {
            config = try JSONDecoder().decode(TrainingConfig.self, from: json)
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError.malformed("the configuration is not a JSON object: \(error)")
        }
        try config.validate()
        return config
    }

    /// Parses and validates `key = value` lines (`#` starts a comment; `:` also separates).
    ///
    /// `hidden_layers` takes a comma-separated list, optionally in brackets (`64, 32` or `[64, 32]`);
    /// `early_stopping_patience = none` disables early stopping.
    public static func parse(keyValues text: String) throws(ConfigError) -> TrainingConfig {
        var config = TrainingConfig()
        for line in text.split(whereSeparator: \.isNewline) {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let trimmed = content.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let separator = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw ConfigError.malformed("expected 'key = value', found '\(trimmed)'")
            }
            let key = trimmed[..<separator].trimmingCharacters(in: .whitespaces)
            let value = trimmed[trimmed.index(after: separator)...].trimmingCharacters(in: .whitespaces)
            try config.assign(value, to: key)
        }
        try config.validate()
        return config
    }

    /// Checks every value's range; throws ``ConfigError/invalidValue(key:value:reason:)`` for the first bad one.
    public func validate() throws(ConfigError) {
        try require(epochs >= 1, .epochs, epochs, "must be at least 1")
        try require(batchSize >= 1, .batchSize, batchSize, "must be at least 1")
        try require(learningRate.isFinite && learningRate > 0, .learningRate, learningRate, "must be a positive number")
        try require(checkpointEvery >= 1, .checkpointEvery, checkpointEvery, "must be at least 1")
        if let patience = earlyStoppingPatience {
            try require(patience >= 1, .earlyStoppingPatience, patience, "must be at least 1 (leave it out to disable)")
        }
        try require(hiddenLayers.allSatisfy { $0 >= 1 }, .hiddenLayers, hiddenLayers, "every layer needs at least 1 unit")
        try require(k >= 1, .k, k, "must be at least 1")
        try require(momentum.isFinite && momentum >= 0 && momentum < 1, .momentum, momentum, "must be in [0, 1)")
        try require(
            validationFraction.isFinite && validationFraction > 0 && validationFraction < 1,
            .validationFraction, validationFraction, "must be in (0, 1)"
        )
        try require(blasThreads >= 1, .blasThreads, blasThreads, "must be at least 1")
    }

    /// Whether `other` trains the same model on the same schedule, so a checkpoint of one can resume
    /// the other. Only `epochs`, `checkpoint_every`, `early_stopping_patience` and `blas_threads`
    /// may differ.
    func canResume(from other: TrainingConfig) -> Bool {
        var normalized = other
        normalized.epochs = epochs
        normalized.checkpointEvery = checkpointEvery
        normalized.earlyStoppingPatience = earlyStoppingPatience
        normalized.blasThreads = blasThreads
        return normalized == self
    }

    /// Canonical JSON (sorted keys) used in checkpoints, the model file and the model card.
    func canonicalJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain numbers, strings and arrays cannot fail.
        return (try? encoder.encode(self)) ?? Data()
    }

    private mutating func assign(_ value: String, to key: String) throws(ConfigError) {
        guard let codingKey = CodingKeys(rawValue: key) else { throw ConfigError.unknownKey(key) }
        switch codingKey {
        case .epochs: epochs = try Self.integer(value, codingKey)
        case .batchSize: batchSize = try Self.integer(value, codingKey)
        case .learningRate: learningRate = try Self.number(value, codingKey)
        case .seed:
            guard let parsed = UInt64(value) else {
                throw ConfigError.invalidValue(key: key, value: value, reason: "must be a non-negative integer")
            }
            seed = parsed
        case .checkpointEvery: checkpointEvery = try Self.integer(value, codingKey)
        case .earlyStoppingPatience:
            earlyStoppingPatience = ["", "none", "null"].contains(value.lowercased()) ? nil : try Self.integer(value, codingKey)
        case .hiddenLayers:
            let inner = value.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
            hiddenLayers = try inner.isEmpty ? [] : inner.split(separator: ",").map { part throws(ConfigError) in
                try Self.integer(part.trimmingCharacters(in: .whitespaces), codingKey)
            }
        case .optimizer:
            guard let kind = OptimizerKind(rawValue: value.lowercased()) else {
                throw ConfigError.invalidValue(
                    key: key, value: value,
                    reason: "must be one of \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            optimizer = kind
        case .k: k = try Self.integer(value, codingKey)
        case .momentum: momentum = try Self.number(value, codingKey)
        case .validationFraction: validationFraction = try Self.number(value, codingKey)
        case .blasThreads: blasThreads = try Self.integer(value, codingKey)
        }
    }

    private static func integer(_ text: String, _ key: CodingKeys) throws(ConfigError) -> Int {
        guard let value = Int(text) else {
            throw ConfigError.invalidValue(key: key.rawValue, value: text, reason: "must be an integer")
        }
        return value
    }

    private static func number(_ text: String, _ key: CodingKeys) throws(ConfigError) -> Double {
        guard let value = Double(text) else {
            throw ConfigError.invalidValue(key: key.rawValue, value: text, reason: "must be a number")
        }
        return value
    }

    private func require(_ condition: Bool, _ key: CodingKeys, _ value: Any, _ reason: String) throws(ConfigError) {
        guard condition else {
            throw ConfigError.invalidValue(key: key.rawValue, value: "\(value)", reason: reason)
        }
    }
}

/// A coding key for any string, used to list the keys a configuration actually contains.
private struct AnyCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int? = nil

    init(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        nil
    }
}
