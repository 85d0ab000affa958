/// The squared row norms of the matrix seen last, so that the training split's norms are computed
/// once rather than every epoch.
///
/// The cache keeps a reference to the values it was computed from. While it does, that storage
/// can be neither freed nor changed in place (a writer would copy it first), so a matrix with the
/// same shape over the same storage has the same values, and the norms are reused only then.
struct RowNormCache {
    private var source = Matrix(rows: 0, columns: 0)
    private var norms: [Float] = []

    /// ``Matrix/rowSquaredNorms()`` of `matrix`, reused when `matrix` is the one seen last.
    mutating func norms(of matrix: Matrix) -> [Float] {
        if !(matrix.rows == source.rows && matrix.columns == source.columns && Self.shareStorage(matrix.values, source.values)) {
            source = matrix
            norms = matrix.rowSquaredNorms()
        }
        return norms
    }

    private static func shareStorage(_ a: [Float], _ b: [Float]) -> Bool {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
    }
}
