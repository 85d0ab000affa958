/// The order in which the Storage service sorts `x-ms-*` header names for Shared Key.
///
/// The service compares names the way .NET's invariant culture does, not byte by byte, and
/// azure-storage-blob emulates it. For the characters of lower-cased header names this means:
///
/// 1. Ignoring hyphens, compare character by character with `_` < digits < letters (other
///    characters after letters, by code point); a name that is a prefix of the other comes first.
/// 2. If that is a tie, walk both names position by position: at the first position where one
///    has a hyphen and the other does not, the one without the hyphen (or that has ended) comes first.
///
/// So `x-ms-meta-a_b` < `x-ms-meta-a1` < `x-ms-meta-ab` < `x-ms-meta-a-b`, where byte order would
/// give `x-ms-meta-a-b` < `x-ms-meta-a1` < `x-ms-meta-a_b` < `x-ms-meta-ab`.
enum AzureHeaderCollation {
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.unicodeScalars), right = Array(rhs.unicodeScalars)
        let leftWeights = left.compactMap(primaryWeight), rightWeights = right.compactMap(primaryWeight)
        if leftWeights != rightWeights {
            return leftWeights.lexicographicallyPrecedes(rightWeights)
        }
        for index in 0..<max(left.count, right.count) {
            let leftClass = hyphenClass(left, index), rightClass = hyphenClass(right, index)
            if leftClass != rightClass { return leftClass < rightClass }
        }
        return false
    }

    /// `nil` for a hyphen (ignored at the first level).
    private static func primaryWeight(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "-": nil
        case "_": 1
        case "0"..."9": 2 + scalar.value - 48
        case "a"..."z": 12 + scalar.value - 97
        case "A"..."Z": 12 + scalar.value - 65
        default: 100 + scalar.value
        }
    }

    /// 0 for an ordinary character, 1 past the end, 2 for a hyphen.
    private static func hyphenClass(_ scalars: [Unicode.Scalar], _ index: Int) -> Int {
        guard index < scalars.count else { return 1 }
        return scalars[index] == "-" ? 2 : 0
    }
}
