/// Why a training configuration was rejected.
public enum ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A key holds a value outside its allowed range or of the wrong type.
    case invalidValue(key: String, value: String, reason: String)
    /// The configuration names a key that does not exist.
    case unknownKey(String)
    /// The configuration text could not be read at all.
    case malformed(String)

    /// A stable error code.
    public var code: String {
        switch self {
        case .invalidValue: return "config.invalid_value"
        case .unknownKey: return "config.unknown_key"
        case .malformed: return "config.malformed"
        }
    }

    public var description: String {
        switch self {
        case .invalidValue(let key, let value, let reason):
            return "\(code): \(key) = \(value): \(reason)"
        case .unknownKey(let key):
            return "\(code): unknown key '\(key)'; known keys: \(TrainingConfig.keys.joined(separator: ", "))"
        case .malformed(let message):
            return "\(code): \(message)"
        }
    }
}
