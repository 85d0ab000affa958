import Foundation

/// Reads the format written by ``TrainyardModelWriter``, verifying its checksum and shapes.
enum TrainyardModelReader {
    static func decode(_ bytes: [UInt8], path: String) throws(ModelFileError) -> TrainedModel {
        let magic = TrainyardModelWriter.magic
        guard bytes.count >= magic.count, Array(bytes[..<magic.count]) == magic else {
            throw .notAModelFile(path: path)
        }
        guard bytes.count >= magic.count + 4 + 32 else { throw .corrupt(path: path, reason: "the file is cut short") }
        let body = bytes.count - 32
        guard SHA256.digest(bytes[..<body]) == Array(bytes[body...]) else {
            throw .corrupt(path: path, reason: "SHA-256 checksum mismatch")
        }
        var reader = BinaryReader(Array(bytes[..<body]), offset: magic.count)
        do {
            let version = try reader.readUInt32()
            guard version == TrainyardModelWriter.currentVersion else {
                throw ModelFileError.unsupportedVersion(path: path, version: Int(version))
            }
            let trainerName = try reader.readString()
            guard let modelType = TrainerRegistry.modelType(forTrainer: trainerName) else {
                throw ModelFileError.unknownTrainer(path: path, name: trainerName)
            }
            let config = try JSONDecoder().decode(TrainingConfig.self, from: Data(try reader.readString().utf8))
            let features = try readList(&reader)
            let label = try reader.readBool() ? try reader.readString() : nil
            let classes = try readList(&reader)
            let means = try reader.readFloats()
            let scales = try reader.readFloats()
            let tensorCount = try reader.readCount(limit: reader.remaining)
            var tensors: [Tensor] = []
            for _ in 0 ..< tensorCount { tensors.append(try Tensor.read(from: &reader)) }
            guard reader.remaining == 0 else {
                throw ModelFileError.corrupt(path: path, reason: "\(reader.remaining) unexpected trailing bytes")
            }
            let model = try modelType.init(tensors: tensors)
            guard means.count == features.count, scales.count == features.count,
                  model.featureCount == features.count
            else {
                throw ModelFileError.invalidModel(path: path, reason: "feature counts of schema, standardizer and model differ")
            }
            return TrainedModel(
                trainerName: trainerName, config: config,
                schema: DataSchema(features: features, label: label, classes: classes),
                standardizer: Standardizer(means: means, scales: scales), model: model
            )
        } catch let error as ModelFileError {
            throw error
        } catch let error as ModelError {
            throw ModelFileError.invalidModel(path: path, reason: error.description)
        } catch {
            throw ModelFileError.corrupt(path: path, reason: "cannot decode: \(error)")
        }
    }

    private static func readList(_ reader: inout BinaryReader) throws(BinaryDecodingError) -> [String] {
        let count = try reader.readCount(limit: reader.remaining)
        var strings: [String] = []
        for _ in 0 ..< count { strings.append(try reader.readString()) }
        return strings
    }
}
