/// Why the catalog could not be read or could not price a machine.
public enum CatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A catalog file is malformed: file, line and what is wrong.
    case malformed(file: String, line: Int, message: String)
    /// No catalog folder was found.
    case notFound(String)
    /// The catalog has no price for that machine in that place.
    case unknownMachine(String)

    /// A stable error code.
    public var code: String {
        switch self {
        case .malformed: return "catalog.malformed"
        case .notFound: return "catalog.not_found"
        case .unknownMachine: return "catalog.unknown_machine"
        }
    }

    public var description: String {
        switch self {
        case .malformed(let file, let line, let message): return "\(file):\(line): \(code): \(message)"
        case .notFound(let message), .unknownMachine(let message): return "\(code): \(message)"
        }
    }
}
