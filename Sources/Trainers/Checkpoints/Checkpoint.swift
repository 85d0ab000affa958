import Foundation

/// The complete state of a run after an epoch, enough to continue it bit for bit.
///
/// File layout (all integers little-endian):
///
/// | bytes | content |
/// |-------|---------|
/// | 8     | magic `TYCHECKP` |
/// | 4     | format version (UInt32, currently 1) |
/// | 8     | payload length `n` (UInt64) |
/// | n     | payload (below) |
/// | 32    | SHA-256 of every preceding byte |
///
/// Payload: trainer name, configuration JSON, data SHA-256 (strings: UInt32 length + UTF-8);
/// epoch (UInt64); generator state (count + 4 × UInt64); best validation loss (Float64 bits);
/// epochs without improvement (UInt64); stopped-early flag (UInt8); standardizer means and
/// scales (UInt64 count + Float32 values each); trainer state (tensor count, tensors, counters).
public struct Checkpoint: Sendable, Equatable {
    static let magic = Array("TYCHECKP".utf8)
    static let formatVersion: UInt32 = 1
    static let headerSize = 8 + 4 + 8
    static let digestSize = 32

    /// The trainer that wrote it.
    public var trainerName: String
    /// The configuration of the run.
    public var config: TrainingConfig
    /// SHA-256 of the data file.
    public var dataSHA256: String
    /// Epochs completed.
    public var epoch: Int
    /// The training generator after `epoch` epochs.
    public var random: SeededRandom
    /// Lowest validation loss so far.
    public var bestValidationLoss: Double
    /// Epochs since the validation loss last improved.
    public var epochsWithoutImprovement: Int
    /// Whether early stopping ended the run.
    public var stoppedEarly: Bool
    /// The standardisation fitted on the training rows.
    public var standardizer: Standardizer
    /// Model parameters and optimizer state.
    public var trainerState: TrainerState

    /// The file's bytes: header, payload and checksum.
    public func encoded() -> [UInt8] {
        var payload = BinaryWriter()
        payload.write(trainerName)
        payload.write(String(decoding: config.canonicalJSON(), as: UTF8.self))
        payload.write(dataSHA256)
        payload.write(count: epoch)
        payload.write(random.state)
        payload.write(bestValidationLoss)
        payload.write(count: epochsWithoutImprovement)
        payload.write(stoppedEarly)
        payload.write(standardizer.means)
        payload.write(standardizer.scales)
        trainerState.write(to: &payload)

        var file = BinaryWriter()
        file.append(raw: Self.magic)
        file.write(Self.formatVersion)
        file.write(count: payload.bytes.count)
        file.append(raw: payload.bytes)
        file.append(raw: SHA256.digest(file.bytes))
        return file.bytes
    }

    /// Verifies and decodes a checkpoint file's bytes; `path` is used in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws(CheckpointError) -> Checkpoint {
        guard bytes.count >= magic.count else {
            throw bytes.isEmpty || Array(magic.prefix(bytes.count)) == bytes
                ? .truncated(path: path, expectedBytes: headerSize + digestSize, actualBytes: bytes.count)
                : .notACheckpoint(path: path)
        }
        guard Array(bytes[..<magic.count]) == magic else { throw .notACheckpoint(path: path) }
        guard bytes.count >= headerSize else {
            throw .truncated(path: path, expectedBytes: headerSize + digestSize, actualBytes: bytes.count)
        }
        var header = BinaryReader(bytes, offset: magic.count)
        do {
            let version = try header.readUInt32()
            guard version == formatVersion else { throw CheckpointError.unsupportedVersion(path: path, version: Int(version)) }
            let payloadLength = try header.readUInt64()
            guard payloadLength <= UInt64(Int.max / 2) else {
                throw CheckpointError.corrupt(path: path, reason: "impossible payload length \(payloadLength)")
            }
            let expected = headerSize + Int(payloadLength) + digestSize
            guard bytes.count >= expected else {
                throw CheckpointError.truncated(path: path, expectedBytes: expected, actualBytes: bytes.count)
            }
            guard bytes.count == expected else {
                throw CheckpointError.corrupt(path: path, reason: "\(bytes.count - expected) unexpected trailing bytes")
            }
            let body = expected - digestSize
            guard SHA256.digest(bytes[..<body]) == Array(bytes[body...]) else {
                throw CheckpointError.corrupt(path: path, reason: "SHA-256 checksum mismatch")
            }
            var reader = BinaryReader(Array(bytes[..<body]), offset: headerSize)
            let checkpoint = try decodePayload(&reader, path: path)
            guard reader.remaining == 0 else {
                throw CheckpointError.corrupt(path: path, reason: "\(reader.remaining) unread payload bytes")
            }
            return checkpoint
        } catch let error as CheckpointError {
            throw error
        } catch {
            throw CheckpointError.corrupt(path: path, reason: "cannot decode the payload: \(error)")
        }
    }

    private static func decodePayload(_ reader: inout BinaryReader, path: String) throws -> Checkpoint {
        let trainerName = try reader.readString()
        let config = try JSONDecoder().decode(TrainingConfig.self, from: Data(try reader.readString().utf8))
        let dataSHA256 = try reader.readString()
        let epoch = try reader.readCount()
        guard let random = SeededRandom(state: try reader.readUInt64s()) else {
            throw CheckpointError.corrupt(path: path, reason: "invalid random generator state")
        }
        let bestValidationLoss = try reader.readDouble()
        let epochsWithoutImprovement = try reader.readCount()
        let stoppedEarly = try reader.readBool()
        let means = try reader.readFloats()
        let scales = try reader.readFloats()
        guard means.count == scales.count else {
            throw CheckpointError.corrupt(path: path, reason: "standardizer lengths differ")
        }
        return Checkpoint(
            trainerName: trainerName, config: config, dataSHA256: dataSHA256, epoch: epoch, random: random,
            bestValidationLoss: bestValidationLoss, epochsWithoutImprovement: epochsWithoutImprovement,
            stoppedEarly: stoppedEarly, standardizer: Standardizer(means: means, scales: scales),
            trainerState: try TrainerState.read(from: &reader)
        )
    }
}
