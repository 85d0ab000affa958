/// Lower-case hexadecimal (base16) encoding.
public enum Hex {
    /// An input that is not an even number of hexadecimal digits.
    public struct DecodingError: Error, Sendable, Equatable, CustomStringConvertible {
        /// Why the input was refused.
        public let reason: String
        public var description: String { "invalid hex: \(reason)" }
    }

    /// Encodes `bytes` as lower-case hex, two digits per byte.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        bytes.withContiguousBytes { encode($0) }
    }

    /// Encodes contiguous bytes, writing the string's UTF-8 storage directly.
    static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        guard bytes.count > 0 else { return "" }
        return String(unsafeUninitializedCapacity: bytes.count * 2) { output in
            guard let base = output.baseAddress else { return 0 }
            write(bytes, to: base)
            return bytes.count * 2
        }
    }

    /// The two lower-case digits of every byte, first digit in the low byte (a table, not a branch
    /// per digit: hex of digests and MACs is random, and mispredicted branches cost more than a load).
    private static let pairs: [UInt16] = (0..<256).map { byte in
        let digits = Array("0123456789abcdef".utf8)
        return UInt16(digits[byte >> 4]) | UInt16(digits[byte & 0x0F]) << 8
    }

    /// Writes the `2 * bytes.count` hex digits of `bytes` to `output`.
    static func write(_ bytes: UnsafeRawBufferPointer, to output: UnsafeMutablePointer<UInt8>) {
        pairs.withUnsafeBufferPointer { pairs in
            let target = UnsafeMutableRawPointer(output)
            for (index, byte) in bytes.enumerated() {
                target.storeBytes(of: pairs[Int(byte)].littleEndian, toByteOffset: 2 * index, as: UInt16.self)
            }
        }
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
