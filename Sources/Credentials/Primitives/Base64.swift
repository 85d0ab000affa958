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
        let input = Array(bytes)
        let table = alphabet == .standard ? standardTable : urlSafeTable
        var output: [UInt8] = []
        output.reserveCapacity((input.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= input.count {
            let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            output.append(table[Int(chunk >> 18 & 0x3F)])
            output.append(table[Int(chunk >> 12 & 0x3F)])
            output.append(table[Int(chunk >> 6 & 0x3F)])
            output.append(table[Int(chunk & 0x3F)])
            index += 3
        }
        switch input.count - index {
        case 1:
            let chunk = UInt32(input[index]) << 16
            output.append(table[Int(chunk >> 18 & 0x3F)])
            output.append(table[Int(chunk >> 12 & 0x3F)])
            if padding == .padded { output.append(contentsOf: [pad, pad]) }
        case 2:
            let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8
            output.append(table[Int(chunk >> 18 & 0x3F)])
            output.append(table[Int(chunk >> 12 & 0x3F)])
            output.append(table[Int(chunk >> 6 & 0x3F)])
            if padding == .padded { output.append(pad) }
        default:
            break
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes `string`, refusing anything but the canonical encoding (see the type's documentation).
    public static func decode(
        _ string: String,
        alphabet: Alphabet = .standard,
        padding: Padding = .padded
    ) throws(DecodingError) -> [UInt8] {
        var characters = Array(string.utf8)
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
