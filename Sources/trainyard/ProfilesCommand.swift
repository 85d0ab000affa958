import ArgumentParser
import Foundation
import Orchestrator

/// `trainyard profiles …`
struct ProfilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles", abstract: "Work with compute profiles.", subcommands: [Validate.self])

    /// `trainyard profiles validate PATH...`
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate profile files (a folder means its *.yaml, *.yml and *.json files).",
            discussion: "Prints every problem as file:line:column: code: message and exits 1 if there is any.")

        @Argument(help: "Profile files or folders.")
        var paths: [String]

        @OptionGroup var catalogOptions: CatalogOptions

        func run() async throws {
            let parser = ProfileParser(catalog: try catalogOptions.load())
            var files: [String] = []
            for path in paths { files += try Self.profileFiles(at: path) }
            var problems = 0
            for file in files {
                do {
                    let profile = try parser.parse(fileAt: file)
                    print("\(file): ok (\(profile.name), \(profile.strategy.rawValue), \(profile.candidates.count) candidates)")
                } catch {
                    problems += error.diagnostics.count
                    for diagnostic in error.diagnostics { print(diagnostic.description) }
                }
            }
            if problems > 0 {
                print("\(problems) problem(s) in \(files.count) file(s)")
                throw ExitCode(1)
            }
        }

        static func profileFiles(at path: String) throws -> [String] {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("no such file or folder: \(path)")
            }
            guard isDirectory.boolValue else { return [path] }
            return try FileManager.default.contentsOfDirectory(atPath: path)
                .filter { ["yaml", "yml", "json"].contains(($0 as NSString).pathExtension.lowercased()) }
                .sorted()
                .map { (path as NSString).appendingPathComponent($0) }
        }
    }
}
