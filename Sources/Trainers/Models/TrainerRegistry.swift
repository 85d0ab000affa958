/// The built-in trainers, looked up by name.
public enum TrainerRegistry {
    /// Every built-in trainer type.
    public static var trainers: [any Trainer.Type] {
        [KMeansTrainer.self, LogisticTrainer.self, MLPTrainer.self]
    }

    /// Every built-in model type, for loading exported files.
    static var models: [any PredictiveModel.Type] {
        [KMeansModel.self, LogisticModel.self, MLPModel.self]
    }

    /// Names of the built-in trainers, sorted.
    public static var names: [String] {
        trainers.map { $0.name }.sorted()
    }

    /// The trainer called `name`; throws ``TrainingRunError/unknownTrainer(_:available:)`` listing the built-ins.
    public static func trainer(named name: String) throws(TrainingRunError) -> any Trainer.Type {
        guard let trainer = trainers.first(where: { $0.name == name }) else {
            throw TrainingRunError.unknownTrainer(name, available: names)
        }
        return trainer
    }

    /// The model type produced by the trainer called `name`, or `nil`.
    static func modelType(forTrainer name: String) -> (any PredictiveModel.Type)? {
        models.first { $0.trainerName == name }
    }
}
