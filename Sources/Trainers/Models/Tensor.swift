/// A named block of model parameters or optimizer state: a shape and its Float32 values (row-major).
public struct Tensor: Sendable, Equatable {
    /// A stable name such as `layer0.weight`.
    public let name: String
    /// Dimensions, outermost first.
    public let shape: [Int]
    /// `shape.reduce(1, *)` values.
    public internal(set) var values: [Float]

    /// A tensor; `values.count` must equal the product of `shape`.
    public init(name: String, shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "Tensor \(name): shape and values differ")
        self.name = name
        self.shape = shape
        self.values = values
    }

    /// A zero-filled tensor.
    public init(name: String, shape: [Int]) {
        self.init(name: name, shape: shape, values: [Float](repeating: 0, count: shape.reduce(1, *)))
    }

    /// The values as a matrix (rank 2 as is; rank 1 as one row).
    var matrix: Matrix {
        shape.count == 2
            ? Matrix(rows: shape[0], columns: shape[1], values: values)
            : Matrix(rows: 1, columns: values.count, values: values)
    }

    func write(to writer: inout BinaryWriter) {
        writer.write(name)
        writer.write(UInt32(shape.count))
        for dimension in shape { writer.write(count: dimension) }
        writer.write(values)
    }

    static func read(from reader: inout BinaryReader) throws(BinaryDecodingError) -> Tensor {
        let name = try reader.readString()
        let rank = Int(try reader.readUInt32())
        guard rank <= 8 else { throw .invalid("tensor \(name) has rank \(rank)") }
        var shape: [Int] = []
        for _ in 0 ..< rank { shape.append(try reader.readCount()) }
        let values = try reader.readFloats()
        guard shape.reduce(1, { $0.multipliedReportingOverflow(by: $1).partialValue }) == values.count else {
            throw .invalid("tensor \(name): shape \(shape) does not hold \(values.count) values")
        }
        return Tensor(name: name, shape: shape, values: values)
    }
}
