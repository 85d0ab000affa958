/// Contiguous loads and stores of eight `Float`s, for the element-wise loops that are not
/// products (every product goes through ``BLAS``).
extension SIMD8 where Scalar == Float {
    /// The eight elements starting at `pointer`.
    @inline(__always)
    init(loadingFrom pointer: UnsafePointer<Float>) {
        self = UnsafeRawPointer(pointer).loadUnaligned(as: Self.self)
    }

    /// Writes the eight elements starting at `pointer`.
    @inline(__always)
    func store(to pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: self, as: Self.self)
    }
}

/// Element-wise loops over contiguous `Float` rows.
enum VectorLoops {
    /// `destination[i] += source[i]` for `i` in `0 ..< count`.
    static func add(_ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>, count: Int) {
        let vectorCount = count - count % 8
        for index in stride(from: 0, to: vectorCount, by: 8) {
            (SIMD8(loadingFrom: destination + index) + SIMD8(loadingFrom: source + index)).store(to: destination + index)
        }
        for index in vectorCount ..< count {
            destination[index] += source[index]
        }
    }
}
