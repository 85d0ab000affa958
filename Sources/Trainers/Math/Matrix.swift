/// A dense row-major Float32 matrix: `values[row * columns + column]`.
public struct Matrix: Sendable, Equatable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The elements, row after row (`rows * columns` of them).
    public internal(set) var values: [Float]

    /// A matrix over existing values; `values.count` must equal `rows * columns`.
    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(rows >= 0 && columns >= 0 && values.count == rows * columns, "Matrix: shape and values differ")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// A matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        self.init(rows: rows, columns: columns, values: [Float](repeating: value, count: rows * columns))
    }

    /// The element at `row`, `column`.
    public subscript(row: Int, column: Int) -> Float {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// A copy of one row.
    public func row(_ index: Int) -> [Float] {
        Array(values[index * columns ..< (index + 1) * columns])
    }

    /// A new matrix made of the given rows, in the given order.
    public func gatheringRows<C: Collection>(_ indices: C) -> Matrix where C.Element == Int {
        var gathered = [Float]()
        gathered.reserveCapacity(indices.count * columns)
        for index in indices {
            gathered.append(contentsOf: values[index * columns ..< (index + 1) * columns])
        }
        return Matrix(rows: indices.count, columns: columns, values: gathered)
    }

    /// The squared Euclidean norm of every row.
    func rowSquaredNorms() -> [Float] {
        (0 ..< rows).map { row in BLAS.squaredNorm(values, count: columns, offset: row * columns) }
    }

    /// Adds `vector` (length `columns`) to every row.
    mutating func addToEveryRow(_ vector: [Float]) {
        precondition(vector.count == columns, "addToEveryRow: length differs")
        let ones = [Float](repeating: 1, count: rows)
        BLAS.ger(ones, vector, into: &self, alpha: 1)
    }

    /// The sum of every column (`Aᵀ · 1`).
    func columnSums() -> [Float] {
        var sums = [Float](repeating: 0, count: columns)
        BLAS.gemv(self, transpose: true, [Float](repeating: 1, count: rows), into: &sums)
        return sums
    }

    /// The index of the largest element in each row (the first one on ties).
    func rowArgmax() -> [Int] {
        (0 ..< rows).map { row in
            var best = 0
            var bestValue = -Float.infinity
            for column in 0 ..< columns where values[row * columns + column] > bestValue {
                best = column
                bestValue = values[row * columns + column]
            }
            return best
        }
    }
}
