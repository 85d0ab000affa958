import Foundation

/// Reading credential files, with errors that name the file but never its contents.
enum CredentialFiles {
    static func read(_ path: String, what: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CredentialError(.fileUnreadable, "cannot read the \(what) file \(path)")
        }
        return Array(data)
    }

    /// Resolves `path` against `directory` unless it is absolute, expanding a leading `~/`.
    static func resolve(_ path: String, relativeTo directory: String?, homeDirectory: String?) -> String {
        if path.hasPrefix("~/"), let homeDirectory {
            return (homeDirectory as NSString).appendingPathComponent(String(path.dropFirst(2)))
        }
        guard !path.hasPrefix("/"), let directory else { return path }
        return (directory as NSString).appendingPathComponent(path)
    }
}
