import Foundation
@testable import Trainers

/// Small synthetic problems shared by the tests.
enum Fixtures {
    /// Three well-separated blobs in four dimensions, 300 rows, integer labels.
    static let blobs = SyntheticBlobs(samples: 300, features: 4, centers: 3, seed: 7)
    /// Two blobs with some overlap (spread 2.5, centres ≥ 6 apart): learnable, but not trivially.
    static let binary = SyntheticBlobs(samples: 240, features: 3, centers: 2, seed: 11, spread: 2.5)

    /// Writes `generator`'s CSV into `folder` and returns the file.
    static func write(
        _ generator: SyntheticBlobs, in folder: TemporaryFolder, name: String = "data.csv",
        label: String? = "label", style: SyntheticBlobs.LabelStyle = .integer
    ) throws -> URL {
        let url = folder.file(name)
        try generator.write(to: url, labelColumn: label, style: style)
        return url
    }

    /// Runs `trainer` on `data` into `output`.
    @discardableResult
    static func train(
        _ trainer: String, data: URL, label: String? = "label", config: TrainingConfig, output: URL,
        resume: Bool = false, cancelAfter epochs: Int? = nil
    ) throws -> TrainingResult {
        let seen = Recorder<Int>()
        return try TrainingRun(
            trainer: trainer, data: data, label: label, config: config, output: output, resume: resume,
            progress: { seen.append($0.epoch) },
            shouldCancel: { epochs.map { limit in (seen.elements.last ?? 0) >= limit } ?? false }
        ).run()
    }

    /// The bytes of a file.
    static func bytes(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }
}
