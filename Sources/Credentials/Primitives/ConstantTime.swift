import COpenSSL

/// Comparisons whose running time does not depend on the contents being compared.
public enum ConstantTime {
    /// Returns whether `lhs` and `rhs` hold the same bytes.
    ///
    /// The time taken depends only on the lengths (which are not secret for MACs and tokens),
    /// never on where the first difference is. Uses OpenSSL's `CRYPTO_memcmp`.
    public static func equals(_ lhs: some Sequence<UInt8>, _ rhs: some Sequence<UInt8>) -> Bool {
        lhs.withContiguousBytes { left in
            rhs.withContiguousBytes { right in
                guard left.count == right.count else { return false }
                guard let leftBase = left.baseAddress, let rightBase = right.baseAddress else {
                    return true  // both empty
                }
                return CRYPTO_memcmp(leftBase, rightBase, left.count) == 0
            }
        }
    }
}
