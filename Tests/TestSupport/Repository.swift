import Foundation

/// Paths of the repository the tests run in.
public enum Repository {
    /// The repository root (three levels above this file).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A path inside the repository.
    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The Python of the test venv that `make test` prepares (`.build/venv`), if it exists.
    public static var venvPython: String? {
        let python = path(".build/venv/bin/python3")
        return FileManager.default.isExecutableFile(atPath: python) ? python : nil
    }

    /// A fresh temporary folder.
    public static func temporaryFolder(_ label: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trainyard-\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }
}
