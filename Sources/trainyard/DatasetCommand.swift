import ArgumentParser
import Foundation
import Trainers

/// `trainyard dataset generate`: deterministic synthetic data for demos and benchmarks.
struct DatasetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset", abstract: "Make datasets.", subcommands: [Generate.self])

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write Gaussian blobs as CSV (columns x0…, then label), the same for the same seed.")

        @Option(help: "Rows.") var rows = 10_000
        @Option(help: "Feature columns.") var features = 16
        @Option(help: "Classes (blobs).") var classes = 4
        @Option(help: "Standard deviation of each blob.") var spread = 8.0
        @Option(help: "Seed.") var seed: UInt64 = 7
        @Option(help: "The CSV file to write.") var output: String

        func validate() throws {
            guard rows > 0, features > 0, classes > 0, spread > 0 else { throw ValidationError("rows, features, classes and spread must be positive") }
        }

        func run() async throws {
            let blobs = SyntheticBlobs(samples: rows, features: features, centers: classes, seed: seed, spread: spread)
            try FileManager.default.createDirectory(atPath: (output as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try blobs.csv().write(toFile: output, atomically: true, encoding: .utf8)
            print("\(output): \(rows) rows, \(features) features, \(classes) classes")
        }
    }
}
