import Testing
@testable import Trainers

@Suite("BLAS wrappers")
struct BLASTests {
    @Test func gemmHonoursTransposes() {
        let a = Matrix(rows: 2, columns: 3, values: [1, 2, 3, 4, 5, 6])
        let b = Matrix(rows: 3, columns: 2, values: [7, 8, 9, 10, 11, 12])
        var product = Matrix(rows: 2, columns: 2)
        BLAS.gemm(a, b, into: &product)
        #expect(product.values == [58, 64, 139, 154])
        var gram = Matrix(rows: 3, columns: 3)
        BLAS.gemm(a, transposeA: true, a, into: &gram)
        #expect(gram.values == [17, 22, 27, 22, 29, 36, 27, 36, 45])
        var outer = Matrix(rows: 2, columns: 2, repeating: 1)
        BLAS.gemm(a, a, transposeB: true, into: &outer, alpha: 2, beta: 1)
        #expect(outer.values == [29, 65, 65, 155])
    }

    @Test func vectorRoutines() {
        let a = Matrix(rows: 2, columns: 2, values: [1, 2, 3, 4])
        var y = [Float](repeating: 0, count: 2)
        BLAS.gemv(a, [1, 1], into: &y)
        #expect(y == [3, 7])
        BLAS.gemv(a, transpose: true, [1, 1], into: &y)
        #expect(y == [4, 6])
        var z: [Float] = [1, 1, 1, 1]
        BLAS.axpy(count: 2, alpha: 2, [5, 6], into: &z, yOffset: 2)
        #expect(z == [1, 1, 11, 13])
        #expect(BLAS.squaredNorm([1, 2, 3, 4], count: 2, offset: 2) == 25)
        #expect(BLAS.norm([3, 0, 4, 0], count: 2, stride: 2) == 5)
        #expect(a.columnSums() == [4, 6])
        #expect(a.rowSquaredNorms() == [5, 25])
    }

    @Test func squaredDistancesMatchDirectComputation() {
        let points = Matrix(rows: 3, columns: 2, values: [0, 0, 2, 0, 10, 10])
        let centres = Matrix(rows: 2, columns: 2, values: [1, 0, 10, 10])
        let distances = SquaredDistances.between(points, centres)
        #expect(distances.values == [1, 200, 1, 164, 181, 0])
        let nearest = SquaredDistances.nearest(points, centres)
        #expect(nearest.indices == [0, 0, 1])
        #expect(nearest.distances == [1, 1, 0])
    }

    @Test func openBLASCanBeLimitedToOneThread() {
        BLAS.setThreadCount(1)
        #expect(BLAS.threadCount == 1)
    }
}
