/// Why a model file could not be loaded.
public enum ModelFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The file does not start with the model magic bytes.
    case notAModelFile(path: String)
    /// The file was written by an unknown format version.
    case unsupportedVersion(path: String, version: Int)
    /// The trailing SHA-256 does not match, or the file is cut short.
    case corrupt(path: String, reason: String)
    /// The file names a trainer this library does not know.
    case unknownTrainer(path: String, name: String)
    /// The parameters do not fit the trainer or the schema.
    case invalidModel(path: String, reason: String)

    /// A stable error code.
    public var code: String {
        switch self {
        case .unreadable: return "model_file.unreadable"
        case .notAModelFile: return "model_file.not_a_model"
        case .unsupportedVersion: return "model_file.unsupported_version"
        case .corrupt: return "model_file.corrupt"
        case .unknownTrainer: return "model_file.unknown_trainer"
        case .invalidModel: return "model_file.invalid_model"
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let path, let reason), .corrupt(let path, let reason), .invalidModel(let path, let reason):
            return "\(path): \(code): \(reason)"
        case .notAModelFile(let path):
            return "\(path): \(code): not a Trainyard model file (bad magic bytes)"
        case .unsupportedVersion(let path, let version):
            return "\(path): \(code): format version \(version) is not supported"
        case .unknownTrainer(let path, let name):
            return "\(path): \(code): unknown trainer '\(name)'"
        }
    }
}
