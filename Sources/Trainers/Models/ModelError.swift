/// Why model parameters were rejected.
public enum ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The tensors do not form a model of the named trainer (missing, misnamed or misshaped).
    case invalidParameters(trainer: String, reason: String)

    /// A stable error code.
    public var code: String {
        switch self {
        case .invalidParameters: return "model.invalid_parameters"
        }
    }

    public var description: String {
        switch self {
        case .invalidParameters(let trainer, let reason): return "\(code): \(trainer): \(reason)"
        }
    }
}
