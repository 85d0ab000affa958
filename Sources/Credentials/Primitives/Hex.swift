/// Lower-case hexadecimal (base16) encoding.
public enum Hex {
    /// An input that is not an even number of hexadecimal digits.
    public struct DecodingError: Error, Sendable, Equatable, CustomStringConvertible {
        /// Why the input was refused.
        public let reason: String
        public var description: String { "invalid hex: \(reason)" }
    }

    private static let digits = Array("0123456789abcdef".utf8)

    /// Encodes `bytes` as lower-case hex, two digits per byte.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes hex digits (upper or lower case) into bytes; anything else is an error.
    public static func decode(_ string: String) throws(DecodingError) -> [UInt8] {
        let characters = Array(string.utf8)
        guard characters.count.isMultiple(of: 2) else {
            throw DecodingError(reason: "odd number of digits (\(characters.count))")
        }
        var output: [UInt8] = []
        output.reserveCapacity(characters.count / 2)
        var index = 0
        while index < characters.count {
            guard let high = value(of: characters[index]), let low = value(of: characters[index + 1]) else {
                throw DecodingError(reason: "non-hex character at offset \(index)")
            }
            output.append(high << 4 | low)
            index += 2
        }
        return output
    }

    private static func value(of character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
