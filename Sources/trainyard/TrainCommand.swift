import ArgumentParser
import Foundation
import Trainers
import Yams
#if canImport(Glibc)
import Glibc
#endif

/// `trainyard train`: one training run anywhere — on a platform worker or inside a provider's container.
struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a built-in model from a CSV file into an output folder (model, model card, checkpoints).",
        discussion: "Progress is a bar on a terminal and JSON lines otherwise (one object per epoch). SIGTERM checkpoints and stops.")

    @Option(help: "Built-in trainer: \(TrainerRegistry.names.joined(separator: ", ")).")
    var trainer: String

    @Option(help: "The CSV file (header row, numeric features).")
    var data: String

    @Option(help: "The label column (not needed by kmeans).")
    var label: String?

    @Option(help: "Training options: a YAML or JSON file, or inline JSON starting with '{' (epochs, batch_size, learning_rate, seed, checkpoint_every, …).")
    var config: String?

    @Option(help: "The output folder.")
    var output: String

    @Flag(help: "Continue from the newest usable checkpoint in the output folder.")
    var resume = false

    @Option(help: "bar or json (default: bar on a terminal, json otherwise).")
    var progress: ProgressStyle?

    enum ProgressStyle: String, ExpressibleByArgument {
        case bar, json
    }

    func run() async throws {
        ParentWatch.dieWithParent()
        let trainingConfig = try config.map(Self.loadConfig) ?? TrainingConfig()
        let style = progress ?? (isatty(STDOUT_FILENO) != 0 ? .bar : .json)
        let stop = StopSignal.install()
        let run = TrainingRun(
            trainer: trainer, data: URL(fileURLWithPath: data), label: label, config: trainingConfig,
            output: URL(fileURLWithPath: output), resume: resume,
            progress: { Self.report($0, style: style) }, shouldCancel: { stop.isRaised })
        do {
            let result = try run.run()
            if style == .bar { print("") }
            FileHandle.standardError.write(Data("model: \(result.modelURL.path)\ncard: \(result.modelCardURL.path)\n".utf8))
        } catch let error as TrainingRunError {
            if case .cancelled = error { throw ExitCode(143) }
            throw error
        }
    }

    /// Reads a YAML or JSON options file, or inline JSON (as cloud adapters pass it), as a ``TrainingConfig``.
    static func loadConfig(_ path: String) throws -> TrainingConfig {
        let inline = path.hasPrefix("{")
        guard let text = inline ? path : try? String(contentsOfFile: path, encoding: .utf8) else { throw ValidationError("cannot read \(path)") }
        let object = try Yams.load(yaml: text) ?? [String: Any]()
        guard JSONSerialization.isValidJSONObject(object) else { throw ValidationError("\(inline ? "the inline configuration" : path) must hold a mapping of options") }
        return try TrainingConfig.decode(json: try JSONSerialization.data(withJSONObject: object))
    }

    private static func report(_ epoch: EpochProgress, style: ProgressStyle) {
        switch style {
        case .json:
            let line = TrainingProgressLine(epoch)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            if let data = try? encoder.encode(line) {
                FileHandle.standardOutput.write(data + Data("\n".utf8))
            }
        case .bar:
            let width = 30
            let filled = epoch.totalEpochs > 0 ? width * epoch.epoch / epoch.totalEpochs : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            let accuracy = epoch.validation.accuracy.map { String(format: " acc %.3f", $0) } ?? ""
            print(String(format: "\r[%@] epoch %d/%d loss %.4f%@ %.0f samples/s eta %.0fs", bar, epoch.epoch, epoch.totalEpochs,
                         epoch.trainingLoss, accuracy, epoch.samplesPerSecond, epoch.etaSeconds), terminator: "")
            fflush(nil)
        }
    }
}

/// The JSON line of one epoch (`--progress json`), the shape platform workers read.
struct TrainingProgressLine: Encodable {
    var epoch: Int
    var epochs: Int
    var loss: Double
    var metrics: [String: Double]
    var samplesPerSecond: Double
    var etaSeconds: Double

    enum CodingKeys: String, CodingKey {
        case epoch, epochs, loss, metrics
        case samplesPerSecond = "samples_per_second"
        case etaSeconds = "eta_seconds"
    }

    init(_ progress: EpochProgress) {
        epoch = progress.epoch
        epochs = progress.totalEpochs
        loss = progress.trainingLoss
        samplesPerSecond = progress.samplesPerSecond
        etaSeconds = progress.etaSeconds
        let validation = progress.validation
        let named: [(String, Double?)] = [
            ("val_loss", validation.loss), ("accuracy", validation.accuracy), ("log_loss", validation.logLoss),
            ("auc", validation.auc), ("f1_macro", validation.f1Macro), ("inertia", validation.inertia),
            ("silhouette", validation.silhouette),
        ]
        metrics = Dictionary(uniqueKeysWithValues: named.compactMap { name, value in value.map { (name, $0) } })
    }
}
