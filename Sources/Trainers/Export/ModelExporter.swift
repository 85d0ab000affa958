/// Turns a trained model into the bytes of one file format.
///
/// ``TrainyardModelWriter`` is the built-in format; another (such as ONNX) can be added by
/// conforming a new type and passing it to ``TrainingRun``.
public protocol ModelExporter: Sendable {
    /// Name of the file written into the output folder, e.g. `model.trainyard`.
    var fileName: String { get }
    /// Short format identifier recorded in the model card.
    var formatName: String { get }
    /// Version of the format recorded in the model card.
    var formatVersion: Int { get }
    /// The file's bytes. Must be deterministic: no timestamps, no absolute paths.
    func encode(_ model: TrainedModel) throws -> [UInt8]
}
