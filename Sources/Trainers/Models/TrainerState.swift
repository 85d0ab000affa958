/// Everything a trainer needs to continue exactly where it stopped: model parameters, optimizer
/// tensors (Adam moments, momentum velocities) and integer counters (the Adam step).
public struct TrainerState: Sendable, Equatable {
    /// Model parameters first, then optimizer state.
    public var tensors: [Tensor]
    /// Integer optimizer state.
    public var counters: [UInt64]

    /// A state.
    public init(tensors: [Tensor], counters: [UInt64]) {
        self.tensors = tensors
        self.counters = counters
    }

    /// Separates model tensors (named and shaped like `expected`) from the optimizer tensors after them.
    func split(matching expected: [Tensor], trainer: String) throws(ModelError) -> (model: [Tensor], optimizer: [Tensor]) {
        guard tensors.count >= expected.count,
              zip(tensors, expected).allSatisfy({ $0.name == $1.name && $0.shape == $1.shape })
        else {
            throw ModelError.invalidParameters(trainer: trainer, reason: "checkpointed parameters do not match this model")
        }
        return (Array(tensors[..<expected.count]), Array(tensors[expected.count...]))
    }

    func write(to writer: inout BinaryWriter) {
        writer.write(count: tensors.count)
        for tensor in tensors { tensor.write(to: &writer) }
        writer.write(counters)
    }

    static func read(from reader: inout BinaryReader) throws(BinaryDecodingError) -> TrainerState {
        let count = try reader.readCount(limit: reader.remaining)
        var tensors: [Tensor] = []
        for _ in 0 ..< count { tensors.append(try Tensor.read(from: &reader)) }
        return TrainerState(tensors: tensors, counters: try reader.readUInt64s())
    }
}
