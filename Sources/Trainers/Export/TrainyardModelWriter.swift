/// Writes the native model format, `model.trainyard`.
///
/// # Format, version 1
///
/// All integers are little-endian. A *string* is a UInt32 byte length followed by UTF-8 bytes;
/// a *string list* is a UInt64 count followed by strings; a *float array* is a UInt64 count
/// followed by IEEE-754 binary32 values, little-endian.
///
/// | field | encoding |
/// |-------|----------|
/// | magic | 8 bytes `TRAINYRD` |
/// | format version | UInt32 = 1 |
/// | trainer name | string (`logistic`, `mlp`, `kmeans`) |
/// | configuration | string: ``TrainingConfig`` as JSON with sorted keys |
/// | feature names | string list |
/// | has label | UInt8 (0 or 1), then the label name as a string if 1 |
/// | classes | string list (class index `i` is entry `i`) |
/// | standardizer means | float array (one per feature) |
/// | standardizer scales | float array (one per feature) |
/// | tensor count | UInt64 |
/// | each tensor | name (string), rank (UInt32), dimensions (UInt64 each), values (float array, row-major) |
/// | checksum | 32 bytes: SHA-256 of every preceding byte |
///
/// A prediction standardises each raw feature as `(x − mean) / scale` and runs the trainer's
/// model on the tensors: `logistic` has `weight` `[features, outputs]` and `bias` `[outputs]`
/// (one sigmoid output for two classes, a softmax otherwise); `mlp` has `layer{i}.weight`
/// `[inputs, outputs]` and `layer{i}.bias` `[outputs]` (ReLU between layers, softmax last);
/// `kmeans` has `centroids` `[k, features]` (nearest centroid wins, lowest index on ties).
///
/// The file holds no timestamps or paths, so the same training produces the same bytes.
public struct TrainyardModelWriter: ModelExporter {
    static let magic = Array("TRAINYRD".utf8)
    static let currentVersion: UInt32 = 1

    public let fileName = "model.trainyard"
    public let formatName = "trainyard"
    public let formatVersion = Int(currentVersion)

    /// A writer.
    public init() {}

    public func encode(_ model: TrainedModel) throws -> [UInt8] {
        var writer = BinaryWriter()
        writer.append(raw: Self.magic)
        writer.write(Self.currentVersion)
        writer.write(model.trainerName)
        writer.write(String(decoding: model.config.canonicalJSON(), as: UTF8.self))
        writeList(model.schema.features, to: &writer)
        writer.write(model.schema.label != nil)
        if let label = model.schema.label { writer.write(label) }
        writeList(model.schema.classes, to: &writer)
        writer.write(model.standardizer.means)
        writer.write(model.standardizer.scales)
        writer.write(count: model.model.tensors.count)
        for tensor in model.model.tensors { tensor.write(to: &writer) }
        writer.append(raw: SHA256.digest(writer.bytes))
        return writer.bytes
    }

    private func writeList(_ strings: [String], to writer: inout BinaryWriter) {
        writer.write(count: strings.count)
        for string in strings { writer.write(string) }
    }
}
