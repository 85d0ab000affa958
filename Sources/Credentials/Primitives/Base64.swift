import COpenSSL

/// Base64 and base64url (RFC 4648 sections 4 and 5) with strict decoding.
///
/// Decoding accepts exactly one spelling of each byte string: only characters of the chosen
/// alphabet, no whitespace, padding exactly as ``Padding`` demands, and zero bits in the unused
/// low bits of the last character (RFC 4648 section 3.5). Anything else throws ``DecodingError``.
public enum Base64 {
    /// The 64-character alphabet.
    public enum Alphabet: Sendable {
        /// `A-Z a-z 0-9 + /` (RFC 4648 section 4).
        case standard
        /// `A-Z a-z 0-9 - _` (RFC 4648 section 5, "base64url").
        case urlSafe

        /// The characters for 62 and 63.
        var lastTwoCharacters: (UInt8, UInt8) {
            switch self {
            case .standard: (UInt8(ascii: "+"), UInt8(ascii: "/"))
            case .urlSafe: (UInt8(ascii: "-"), UInt8(ascii: "_"))
            }
        }
    }

    /// Whether the encoding carries `=` padding to a multiple of four characters.
    public enum Padding: Sendable {
        /// Encoded output is padded; decoding requires the padding.
        case padded
        /// Encoded output has no padding; decoding refuses `=`.
        case unpadded
    }

    /// An input that is not the canonical encoding of any byte string.
    public struct DecodingError: Error, Sendable, Equatable, CustomStringConvertible {
        /// Why the input was refused.
        public let reason: String
        public var description: String { "invalid base64: \(reason)" }
    }

    private static let standardTable = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let urlSafeTable = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let standardReverse = reverse(standardTable)
    private static let urlSafeReverse = reverse(urlSafeTable)
    private static let pad = UInt8(ascii: "=")
    /// Whether the AVX2 block coders in the COpenSSL shim can run on this CPU.
    private static let hasAVX2 = cossl_cpu_has_avx2() != 0
    private static let standardFast = FastTables(standardTable)
    private static let urlSafeFast = FastTables(urlSafeTable)

    /// Lookup tables for the word-at-a-time encoder and decoder, built once per alphabet and never freed.
    ///
    /// `pairs[v]` holds the two characters of the 12-bit value `v` (first character in the low byte);
    /// `decode[k][c]` holds the 6-bit value of character `c` shifted into position `k` of a 24-bit
    /// group, or bit 31 for a character outside the alphabet.
    /// `@unchecked Sendable`: the tables are written in `init` and only read afterwards.
    private final class FastTables: @unchecked Sendable {
        let pairs: UnsafePointer<UInt16>
        let decode0: UnsafePointer<UInt32>
        let decode1: UnsafePointer<UInt32>
        let decode2: UnsafePointer<UInt32>
        let decode3: UnsafePointer<UInt32>

        init(_ alphabet: [UInt8]) {
            let pairs = UnsafeMutablePointer<UInt16>.allocate(capacity: 4096)
            for value in 0..<4096 {
                pairs[value] = UInt16(alphabet[value >> 6]) | UInt16(alphabet[value & 0x3F]) << 8
            }
            self.pairs = UnsafePointer(pairs)
            func decodeTable(shift: UInt32) -> UnsafePointer<UInt32> {
                let table = UnsafeMutablePointer<UInt32>.allocate(capacity: 256)
                table.initialize(repeating: 0x8000_0000, count: 256)
                for (value, character) in alphabet.enumerated() {
                    table[Int(character)] = UInt32(value) << shift
                }
                return UnsafePointer(table)
            }
            decode0 = decodeTable(shift: 18)
            decode1 = decodeTable(shift: 12)
            decode2 = decodeTable(shift: 6)
            decode3 = decodeTable(shift: 0)
        }
    }

    private static func reverse(_ table: [UInt8]) -> [UInt8] {
        var reverse = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in table.enumerated() {
            reverse[Int(character)] = UInt8(value)
        }
        return reverse
    }

    /// Encodes `bytes`.
    public static func encode(
        _ bytes: some Sequence<UInt8>,
        alphabet: Alphabet = .standard,
        padding: Padding = .padded
    ) -> String {
        bytes.withContiguousBytes { encode($0, alphabet: alphabet, padding: padding) }
    }

    /// Number of characters that encoding `byteCount` bytes produces.
    static func encodedCount(of byteCount: Int, padding: Padding) -> Int {
        switch padding {
        case .padded: (byteCount + 2) / 3 * 4
        case .unpadded: byteCount / 3 * 4 + [0, 2, 3][byteCount % 3]
        }
    }

    /// Encodes contiguous bytes into a new string, writing the UTF-8 storage directly.
    static func encode(_ input: UnsafeRawBufferPointer, alphabet: Alphabet, padding: Padding) -> String {
        let count = encodedCount(of: input.count, padding: padding)
        guard count > 0 else { return "" }
        return String(unsafeUninitializedCapacity: count) { output in
            guard let base = output.baseAddress else { return 0 }
            return encode(input, into: base, alphabet: alphabet, padding: padding)
        }
    }

    /// Writes the encoding of `input` to `output`, which must have room for
    /// ``encodedCount(of:padding:)`` bytes; returns the number of bytes written.
    static func encode(
        _ input: UnsafeRawBufferPointer,
        into output: UnsafeMutablePointer<UInt8>,
        alphabet: Alphabet,
        padding: Padding
    ) -> Int {
        let tables = alphabet == .standard ? standardFast : urlSafeFast
        let pairs = tables.pairs
        let count = input.count
        guard count > 0, let raw = input.baseAddress else { return 0 }
        let source = raw.assumingMemoryBound(to: UInt8.self)
        let target = UnsafeMutableRawPointer(output)
        var written = 0
        var index = 0
        // 24 bytes per AVX2 block; each block reads 4 bytes past itself, hence `count - 4`.
        if hasAVX2, count >= 28 {
            let blocks = (count - 4) / 24
            let (c62, c63) = alphabet.lastTwoCharacters
            cossl_base64_encode_avx2(source, blocks, output, c62, c63)
            index = blocks * 24
            written = blocks * 32
        }
        // Six bytes (four 12-bit halves of two groups) per step, read as one 8-byte word.
        while index + 8 <= count {
            let word = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let characters = UInt64(pairs[Int(truncatingIfNeeded: word >> 52)])
                | UInt64(pairs[Int(truncatingIfNeeded: word >> 40 & 0xFFF)]) << 16
                | UInt64(pairs[Int(truncatingIfNeeded: word >> 28 & 0xFFF)]) << 32
                | UInt64(pairs[Int(truncatingIfNeeded: word >> 16 & 0xFFF)]) << 48
            target.storeBytes(of: characters.littleEndian, toByteOffset: written, as: UInt64.self)
            index += 6
            written += 8
        }
        while index + 3 <= count {
            let group = Int(source[index]) << 16 | Int(source[index + 1]) << 8 | Int(source[index + 2])
            let characters = UInt32(pairs[group >> 12]) | UInt32(pairs[group & 0xFFF]) << 16
            target.storeBytes(of: characters.littleEndian, toByteOffset: written, as: UInt32.self)
            index += 3
            written += 4
        }
        switch count - index {
        case 1:
            let pair = pairs[Int(source[index]) << 4]
            output[written] = UInt8(truncatingIfNeeded: pair)
            output[written + 1] = UInt8(truncatingIfNeeded: pair >> 8)
            written += 2
            if padding == .padded {
                output[written] = pad
                output[written + 1] = pad
                written += 2
            }
        case 2:
            let group = Int(source[index]) << 16 | Int(source[index + 1]) << 8
            let first = pairs[group >> 12], second = pairs[group & 0xFFF]
            output[written] = UInt8(truncatingIfNeeded: first)
            output[written + 1] = UInt8(truncatingIfNeeded: first >> 8)
            output[written + 2] = UInt8(truncatingIfNeeded: second)
            written += 3
            if padding == .padded {
                output[written] = pad
                written += 1
            }
        default:
            break
        }
        return written
    }

    /// Decodes `string`, refusing anything but the canonical encoding (see the type's documentation).
    public static func decode(
        _ string: String,
        alphabet: Alphabet = .standard,
        padding: Padding = .padded
    ) throws(DecodingError) -> [UInt8] {
        let fast = string.utf8.withContiguousStorageIfAvailable { characters in
            decodeCanonical(UnsafeRawBufferPointer(characters), alphabet: alphabet, padding: padding)
        }
        if let decoded = fast ?? nil {
            return decoded
        }
        return try decodeReportingErrors(Array(string.utf8), alphabet: alphabet, padding: padding)
    }

    /// Table-driven decoding of canonical input; `nil` for anything else (including inputs that are
    /// in fact valid, which the caller then decodes with ``decodeReportingErrors(_:alphabet:padding:)``).
    ///
    /// Accepts exactly what ``decodeReportingErrors(_:alphabet:padding:)`` accepts and returns the same bytes.
    static func decodeCanonical(_ characters: UnsafeRawBufferPointer, alphabet: Alphabet, padding: Padding) -> [UInt8]? {
        let count = characters.count
        guard count > 0 else { return [] }
        guard let source = characters.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        // Characters of the final, possibly partial, quantum and the number of full quanta before it.
        let tailCount: Int
        let fullQuanta: Int
        switch padding {
        case .padded:
            guard count % 4 == 0 else { return nil }
            let padCount = source[count - 1] != pad ? 0 : source[count - 2] != pad ? 1 : 2
            tailCount = padCount == 0 ? 0 : 4 - padCount
            fullQuanta = padCount == 0 ? count / 4 : count / 4 - 1
        case .unpadded:
            let remainder = count % 4
            guard remainder != 1 else { return nil }
            tailCount = remainder
            fullQuanta = count / 4
        }
        let outputCount = fullQuanta * 3 + (tailCount == 0 ? 0 : tailCount - 1)
        let tables = alphabet == .standard ? standardFast : urlSafeFast
        let d0 = tables.decode0, d1 = tables.decode1, d2 = tables.decode2, d3 = tables.decode3
        var invalid: UInt32 = 0
        // Eight spare bytes: an AVX2 block stores 32 bytes of which 24 count, two scalar groups
        // 8 bytes of which 6 count.
        let output = [UInt8](unsafeUninitializedCapacity: outputCount + 8) { output, initialized in
            guard let base = output.baseAddress else { return }
            let target = UnsafeMutableRawPointer(base)
            let raw = UnsafeRawPointer(source)
            var read = 0
            var written = 0
            var remaining = fullQuanta
            if hasAVX2, fullQuanta >= 8 {
                let blocks = fullQuanta / 8
                let (c62, c63) = alphabet.lastTwoCharacters
                let decoded = cossl_base64_decode_avx2(source, blocks, base, c62, c63)
                if decoded < blocks {
                    invalid = 0x8000_0000
                    return
                }
                read = blocks * 32
                written = blocks * 24
                remaining -= blocks * 8
            }
            while remaining >= 2 {
                // Eight characters in one load (little-endian: the first character is the low byte).
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: read, as: UInt64.self))
                let first = d0[Int(truncatingIfNeeded: word & 0xFF)] | d1[Int(truncatingIfNeeded: word >> 8 & 0xFF)]
                    | d2[Int(truncatingIfNeeded: word >> 16 & 0xFF)] | d3[Int(truncatingIfNeeded: word >> 24 & 0xFF)]
                let second = d0[Int(truncatingIfNeeded: word >> 32 & 0xFF)] | d1[Int(truncatingIfNeeded: word >> 40 & 0xFF)]
                    | d2[Int(truncatingIfNeeded: word >> 48 & 0xFF)] | d3[Int(truncatingIfNeeded: word >> 56)]
                invalid |= first | second
                let bytes = UInt64(first) << 40 | UInt64(second) << 16
                target.storeBytes(of: bytes.bigEndian, toByteOffset: written, as: UInt64.self)
                read += 8
                written += 6
                remaining -= 2
            }
            for _ in 0..<remaining {
                let group = d0[Int(source[read])] | d1[Int(source[read + 1])]
                    | d2[Int(source[read + 2])] | d3[Int(source[read + 3])]
                invalid |= group
                target.storeBytes(of: (group << 8).bigEndian, toByteOffset: written, as: UInt32.self)
                read += 4
                written += 3
            }
            switch tailCount {
            case 2:
                let group = d0[Int(source[read])] | d1[Int(source[read + 1])]
                // The last character's 4 unused bits (bits 12...15 of the group) must be zero.
                invalid |= group | (group & 0xF000 == 0 ? 0 : 0x8000_0000)
                base[written] = UInt8(truncatingIfNeeded: group >> 16)
                written += 1
            case 3:
                let group = d0[Int(source[read])] | d1[Int(source[read + 1])] | d2[Int(source[read + 2])]
                // The last character's 2 unused bits (bits 6 and 7 of the group) must be zero.
                invalid |= group | (group & 0xC0 == 0 ? 0 : 0x8000_0000)
                base[written] = UInt8(truncatingIfNeeded: group >> 16)
                base[written + 1] = UInt8(truncatingIfNeeded: group >> 8)
                written += 2
            default:
                break
            }
            initialized = written
        }
        // Every character outside the alphabet and every non-canonical tail sets bit 31.
        return invalid & 0x8000_0000 == 0 ? output : nil
    }

    /// The reference decoder: refuses non-canonical input with a reason naming what is wrong.
    static func decodeReportingErrors(
        _ characters: [UInt8],
        alphabet: Alphabet,
        padding: Padding
    ) throws(DecodingError) -> [UInt8] {
        var characters = characters
        switch padding {
        case .padded:
            guard characters.count.isMultiple(of: 4) else {
                throw DecodingError(reason: "length \(characters.count) is not a multiple of 4")
            }
            var padCount = 0
            while padCount < 2, characters.last == pad {
                characters.removeLast()
                padCount += 1
            }
            // A third '=' stays in `characters` and is refused below as a bad character.
            if padCount > 0, characters.count % 4 + padCount != 4 {
                throw DecodingError(reason: "wrong amount of padding")
            }
        case .unpadded:
            guard characters.count % 4 != 1 else {
                throw DecodingError(reason: "length \(characters.count) leaves a dangling character")
            }
        }
        let reverse = alphabet == .standard ? standardReverse : urlSafeReverse
        var output: [UInt8] = []
        output.reserveCapacity(characters.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bitCount = 0
        for (offset, character) in characters.enumerated() {
            let value = reverse[Int(character)]
            guard value != 0xFF else {
                throw DecodingError(reason: "character not in the alphabet at offset \(offset)")
            }
            accumulator = accumulator << 6 | UInt32(value)
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bitCount)))
                accumulator &= (1 << UInt32(bitCount)) - 1
            }
        }
        guard accumulator == 0 else {
            throw DecodingError(reason: "non-zero bits after the last byte")
        }
        return output
    }
}
