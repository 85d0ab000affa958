/// A file could not be written.
public struct FileWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file (or folder) involved.
    public let path: String
    /// What the system reported.
    public let reason: String

    /// A stable error code.
    public var code: String { "io.write_failed" }

    /// An error for `path`.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(code): \(reason)" }
}
