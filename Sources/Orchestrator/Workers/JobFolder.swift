import Foundation

/// Where one platform job keeps its files: `<state>/jobs/<id>/` with `train.log`, `config.json` and
/// `output/` (the model, its card and `checkpoints/`). A resumed run finds its checkpoints here.
public struct JobFolder: Sendable, Hashable {
    public let path: String

    /// The folder of `jobID` under the state folder.
    public init(stateFolder: String, jobID: String) {
        path = "\(stateFolder)/jobs/\(jobID)"
    }

    public var log: String { "\(path)/train.log" }
    public var config: String { "\(path)/config.json" }
    public var output: String { "\(path)/output" }
    public var modelCard: String { "\(output)/model_card.json" }

    /// Creates the folder and its output folder.
    func create() throws {
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
    }
}
