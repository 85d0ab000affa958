import COpenBLAS

/// Thin Float32 wrappers over the CBLAS routines the trainers use.
///
/// Every dense product in the library goes through these functions, so one place
/// decides how Swift arrays are handed to OpenBLAS. All matrices are row-major.
public enum BLAS {
    /// The number of threads OpenBLAS may use per call. The process-wide default set by
    /// ``TrainingRun`` is 1, which keeps results reproducible across runs.
    public static var threadCount: Int {
        Int(copenblas_thread_count())
    }

    /// Limits OpenBLAS to `count` threads (process-wide).
    public static func setThreadCount(_ count: Int) {
        copenblas_set_thread_count(Int32(clamping: max(1, count)))
    }

    /// `c = alpha * op(a) * op(b) + beta * c`, where `op(a)` is `m × k` and `op(b)` is `k × n` (`sgemm`).
    public static func gemm(
        _ a: Matrix, transposeA: Bool = false,
        _ b: Matrix, transposeB: Bool = false,
        into c: inout Matrix, alpha: Float = 1, beta: Float = 0
    ) {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let n = transposeB ? b.rows : b.columns
        precondition((transposeB ? b.columns : b.rows) == k, "gemm: inner dimensions differ")
        precondition(c.rows == m && c.columns == n, "gemm: output has the wrong shape")
        guard m > 0, n > 0 else { return }
        if k == 0 {
            scale(&c.values, by: beta)
            return
        }
        a.values.withUnsafeBufferPointer { pa in
            b.values.withUnsafeBufferPointer { pb in
                c.values.withUnsafeMutableBufferPointer { pc in
                    guard let pa = pa.baseAddress, let pb = pb.baseAddress, let pc = pc.baseAddress else { return }
                    gemm(m: m, n: n, k: k, pa, transposeA: transposeA, pb, transposeB: transposeB,
                         into: pc, alpha: alpha, beta: beta)
                }
            }
        }
    }

    /// `c = alpha * op(a) * op(b) + beta * c` on contiguous row-major storage, for callers that reuse
    /// their own buffers: `op(a)` is `m × k`, `op(b)` is `k × n` and `c` is `m × n`. `a` is stored
    /// `k × m` when transposed (`m × k` otherwise) and `b` `n × k` when transposed (`k × n` otherwise).
    /// Every dimension must be positive.
    ///
    /// With `beta == 0`, `c` is cleared here and the product accumulated onto it (`beta = 1`):
    /// OpenBLAS would clear it in a pass of its own that costs more than the product itself for
    /// mini-batch-sized outputs, and its kernels accumulate onto the cleared output either way.
    static func gemm(
        m: Int, n: Int, k: Int,
        _ a: UnsafePointer<Float>, transposeA: Bool = false,
        _ b: UnsafePointer<Float>, transposeB: Bool = false,
        into c: UnsafeMutablePointer<Float>, alpha: Float = 1, beta: Float = 0
    ) {
        if beta == 0 {
            c.update(repeating: 0, count: m * n)
        }
        cblas_sgemm(
            CblasRowMajor,
            transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k),
            alpha, a, Int32(transposeA ? m : k),
            b, Int32(transposeB ? k : n),
            beta == 0 ? 1 : beta, c, Int32(n)
        )
    }

    /// The column sums of the contiguous row-major `rows × columns` matrix `a` (`aᵀ · ones`, `sgemv`),
    /// written to `sums`; `ones` holds at least `rows` ones. Both dimensions must be positive.
    static func columnSums(
        rows: Int, columns: Int, _ a: UnsafePointer<Float>, ones: UnsafePointer<Float>,
        into sums: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemv(CblasRowMajor, CblasTrans, Int32(rows), Int32(columns), 1, a, Int32(columns), ones, 1, 0, sums, 1)
    }

    /// `y = alpha * op(a) * x + beta * y`.
    static func gemv(
        _ a: Matrix, transpose: Bool = false, _ x: [Float],
        into y: inout [Float], alpha: Float = 1, beta: Float = 0
    ) {
        precondition(x.count == (transpose ? a.rows : a.columns), "gemv: x has the wrong length")
        precondition(y.count == (transpose ? a.columns : a.rows), "gemv: y has the wrong length")
        guard !y.isEmpty else { return }
        if x.isEmpty {
            scale(&y, by: beta)
            return
        }
        a.values.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    cblas_sgemv(
                        CblasRowMajor, transpose ? CblasTrans : CblasNoTrans,
                        Int32(a.rows), Int32(a.columns), alpha,
                        pa.baseAddress, Int32(max(1, a.columns)),
                        px.baseAddress, 1, beta, py.baseAddress, 1
                    )
                }
            }
        }
    }

    /// `a += alpha * x * yᵀ` (rank-one update).
    static func ger(_ x: [Float], _ y: [Float], into a: inout Matrix, alpha: Float) {
        precondition(x.count == a.rows && y.count == a.columns, "ger: shapes differ")
        guard a.rows > 0, a.columns > 0 else { return }
        x.withUnsafeBufferPointer { px in
            y.withUnsafeBufferPointer { py in
                a.values.withUnsafeMutableBufferPointer { pa in
                    cblas_sger(
                        CblasRowMajor, Int32(a.rows), Int32(a.columns), alpha,
                        px.baseAddress, 1, py.baseAddress, 1, pa.baseAddress, Int32(a.columns)
                    )
                }
            }
        }
    }

    /// `y[yOffset ..< yOffset + count] += alpha * x[xOffset ..< xOffset + count]`.
    static func axpy(
        count: Int, alpha: Float,
        _ x: [Float], xOffset: Int = 0,
        into y: inout [Float], yOffset: Int = 0
    ) {
        precondition(xOffset + count <= x.count && yOffset + count <= y.count, "axpy: out of range")
        guard count > 0 else { return }
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                guard let xBase = px.baseAddress, let yBase = py.baseAddress else { return }
                cblas_saxpy(Int32(count), alpha, xBase + xOffset, 1, yBase + yOffset, 1)
            }
        }
    }

    /// `x *= alpha`.
    static func scale(_ x: inout [Float], by alpha: Float) {
        guard !x.isEmpty else { return }
        x.withUnsafeMutableBufferPointer { px in
            cblas_sscal(Int32(px.count), alpha, px.baseAddress, 1)
        }
    }

    /// The squared Euclidean norm of `x[offset ..< offset + count]` (`sdot` of the slice with itself).
    static func squaredNorm(_ x: [Float], count: Int, offset: Int = 0) -> Float {
        precondition(offset + count <= x.count, "squaredNorm: out of range")
        guard count > 0 else { return 0 }
        return x.withUnsafeBufferPointer { px in
            guard let base = px.baseAddress else { return 0 }
            return cblas_sdot(Int32(count), base + offset, 1, base + offset, 1)
        }
    }

    /// The Euclidean norm of the strided vector `x[offset], x[offset + stride], …` of `count` elements.
    static func norm(_ x: [Float], count: Int, offset: Int = 0, stride: Int = 1) -> Float {
        guard count > 0 else { return 0 }
        precondition(offset + (count - 1) * stride < x.count, "nrm2: out of range")
        return x.withUnsafeBufferPointer { px in
            guard let base = px.baseAddress else { return 0 }
            return cblas_snrm2(Int32(count), base + offset, Int32(stride))
        }
    }
}
