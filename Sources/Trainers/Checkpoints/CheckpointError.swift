/// Why a checkpoint could not be used. A checkpoint that fails any check is never loaded.
public enum CheckpointError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The file does not start with the checkpoint magic bytes.
    case notACheckpoint(path: String)
    /// The file was written by a newer, unknown format version.
    case unsupportedVersion(path: String, version: Int)
    /// The file is shorter than its header says (an interrupted copy or write).
    case truncated(path: String, expectedBytes: Int, actualBytes: Int)
    /// The checksum does not match or the content cannot be decoded.
    case corrupt(path: String, reason: String)
    /// The checkpoint is intact but belongs to another trainer, configuration or data file.
    case incompatible(path: String, reason: String)
    /// Checkpoint files exist but none of them can be used.
    case noValidCheckpoint(directory: String, problems: [CheckpointError])

    /// A stable error code.
    public var code: String {
        switch self {
        case .unreadable: return "checkpoint.unreadable"
        case .notACheckpoint: return "checkpoint.not_a_checkpoint"
        case .unsupportedVersion: return "checkpoint.unsupported_version"
        case .truncated: return "checkpoint.truncated"
        case .corrupt: return "checkpoint.corrupt"
        case .incompatible: return "checkpoint.incompatible"
        case .noValidCheckpoint: return "checkpoint.none_valid"
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "\(path): \(code): \(reason)"
        case .notACheckpoint(let path):
            return "\(path): \(code): not a Trainyard checkpoint (bad magic bytes)"
        case .unsupportedVersion(let path, let version):
            return "\(path): \(code): format version \(version) is not supported"
        case .truncated(let path, let expected, let actual):
            return "\(path): \(code): \(actual) bytes, expected \(expected); the file is incomplete"
        case .corrupt(let path, let reason):
            return "\(path): \(code): \(reason)"
        case .incompatible(let path, let reason):
            return "\(path): \(code): \(reason)"
        case .noValidCheckpoint(let directory, let problems):
            let details = problems.map { "  \($0)" }.joined(separator: "\n")
            return "\(directory): \(code): no usable checkpoint:\n\(details)"
        }
    }
}
