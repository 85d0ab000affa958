import Foundation
import Testing

/// Access to the shared conformance vectors at `<package root>/../shared/conformance`.
///
/// The package root is three levels above this file (`Tests/CredentialsTests/Conformance.swift`).
/// The vectors are required: when the folder is missing, every test that reads them fails with
/// ``MissingVectors``, whose message says where they were expected.
enum Conformance {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    static let root = packageRoot
        .deletingLastPathComponent()
        .appendingPathComponent("shared/conformance", isDirectory: true)

    struct MissingVectors: Error, CustomStringConvertible {
        let path: String
        var description: String {
            "Conformance vectors not found at \(path). They must be at <package root>/../shared/conformance "
                + "(in the main repository: shared/conformance; for a standalone checkout, symlink ../shared)."
        }
    }

    struct MalformedVector: Error, CustomStringConvertible {
        let description: String
    }

    /// The URL of `relativePath` inside the conformance folder, which must exist.
    static func url(_ relativePath: String) throws -> URL {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw MissingVectors(path: root.standardizedFileURL.path)
        }
        let url = root.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw MissingVectors(path: url.standardizedFileURL.path)
        }
        return url
    }

    static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: url(relativePath))
    }

    static func text(_ relativePath: String) throws -> String {
        String(decoding: try data(relativePath), as: UTF8.self)
    }

    /// Decodes a JSON file.
    static func decode<T: Decodable>(_ type: T.Type, from relativePath: String) throws -> T {
        try JSONDecoder().decode(type, from: data(relativePath))
    }

    /// The non-empty lines of a JSON Lines file.
    static func lines(_ relativePath: String) throws -> [String] {
        try text(relativePath).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// Decodes every line of a JSON Lines file.
    static func decodeLines<T: Decodable>(_ type: T.Type, from relativePath: String) throws -> [T] {
        try lines(relativePath).map { try JSONDecoder().decode(type, from: Data($0.utf8)) }
    }

    /// Parses an RFC 3339 / ISO 8601 time with `Z` or a numeric offset.
    static func date(_ text: String) throws -> Date {
        try Date(text, strategy: .iso8601)
    }

    /// Parses an RFC 3339 time into whole Unix seconds.
    static func unixSeconds(_ text: String) throws -> UInt64 {
        let seconds = try date(text).timeIntervalSince1970
        guard seconds >= 0, seconds == seconds.rounded() else {
            throw MalformedVector(description: "\(text) is not a whole non-negative second")
        }
        return UInt64(seconds)
    }
}

@Suite("Conformance vectors")
struct ConformanceFolderTests {
    @Test("the shared conformance folder is present")
    func folderIsPresent() throws {
        let readme = try Conformance.text("README.md")
        #expect(readme.contains("Conformance vectors"))
    }

    @Test("RFC 3339 times with an offset are parsed as the instant they name")
    func parsesOffsets() throws {
        #expect(try Conformance.unixSeconds("1985-10-26T01:20:00-07:00") == 499_162_800)
        #expect(try Conformance.unixSeconds("1985-10-26T08:20:00Z") == 499_162_800)
    }
}
