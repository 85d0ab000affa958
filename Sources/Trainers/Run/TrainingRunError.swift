/// Why a training run stopped without a model.
public enum TrainingRunError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No built-in trainer has this name.
    case unknownTrainer(String, available: [String])
    /// The trainer needs a label column and none was given.
    case labelRequired(trainer: String)
    /// The cancellation check asked to stop; the state after `afterEpoch` epochs is checkpointed.
    case cancelled(afterEpoch: Int)
    /// The training loss became NaN or infinite (try a smaller learning rate).
    case diverged(epoch: Int)

    /// A stable error code.
    public var code: String {
        switch self {
        case .unknownTrainer: return "trainer.unknown"
        case .labelRequired: return "run.label_required"
        case .cancelled: return "run.cancelled"
        case .diverged: return "run.diverged"
        }
    }

    public var description: String {
        switch self {
        case .unknownTrainer(let name, let available):
            return "\(code): unknown trainer '\(name)'; built-in trainers: \(available.joined(separator: ", "))"
        case .labelRequired(let trainer):
            return "\(code): trainer '\(trainer)' needs a label column (--label)"
        case .cancelled(let epoch):
            return "\(code): cancelled after epoch \(epoch); resume to continue"
        case .diverged(let epoch):
            return "\(code): the training loss is not finite at epoch \(epoch); lower learning_rate"
        }
    }
}
