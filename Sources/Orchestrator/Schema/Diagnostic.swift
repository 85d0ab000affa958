/// One located problem in a YAML or JSON document: `file:line:column: code: path: message`.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// The file (or the name given to an in-memory document).
    public var file: String
    /// Line, starting at 1.
    public var line: Int
    /// Column, starting at 1.
    public var column: Int
    /// A stable, documented error code such as `profile.type_mismatch`.
    public var code: String
    /// The key path inside the document (`candidates[2].spot`), empty for the document itself.
    public var path: String
    /// What is wrong, for a person.
    public var message: String

    /// Creates a diagnostic.
    public init(file: String, line: Int, column: Int, code: String, path: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String {
        let location = path.isEmpty ? "" : "\(path): "
        return "\(file):\(line):\(column): \(code): \(location)\(message)"
    }
}

/// A document that failed validation, with every problem found in it.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    /// All problems, in document order.
    public var diagnostics: [Diagnostic]

    /// Creates the error.
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
