import Foundation

/// Why bytes could not be decoded.
enum BinaryDecodingError: Error, Equatable {
    /// The input ended `needed` bytes short at `offset`.
    case truncated(offset: Int, needed: Int)
    /// A value is impossible (e.g. text that is not UTF-8, an absurd count).
    case invalid(String)
}

/// Reads the little-endian values written by ``BinaryWriter``.
struct BinaryReader {
    private let bytes: [UInt8]
    /// The read position.
    private(set) var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    /// Bytes not yet read.
    var remaining: Int { bytes.count - offset }

    mutating func readUInt8() throws(BinaryDecodingError) -> UInt8 {
        let byte = try take(1)
        return byte[byte.startIndex]
    }

    mutating func readUInt32() throws(BinaryDecodingError) -> UInt32 {
        try take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func readUInt64() throws(BinaryDecodingError) -> UInt64 {
        try take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A count stored by `write(count:)`, at most `limit`.
    mutating func readCount(limit: Int = Int(Int32.max)) throws(BinaryDecodingError) -> Int {
        let value = try readUInt64()
        guard value <= UInt64(limit) else { throw .invalid("count \(value) exceeds \(limit)") }
        return Int(value)
    }

    mutating func readDouble() throws(BinaryDecodingError) -> Double {
        Double(bitPattern: try readUInt64())
    }

    mutating func readBool() throws(BinaryDecodingError) -> Bool {
        switch try readUInt8() {
        case 0: return false
        case 1: return true
        case let other: throw .invalid("boolean byte \(other)")
        }
    }

    mutating func readString() throws(BinaryDecodingError) -> String {
        let length = Int(try readUInt32())
        let utf8 = try take(length)
        guard let text = String(bytes: utf8, encoding: .utf8) else { throw .invalid("text is not UTF-8") }
        return text
    }

    mutating func readFloats() throws(BinaryDecodingError) -> [Float] {
        let count = try readCount(limit: remaining / 4)
        let raw = try take(count * 4)
        var values = [Float](repeating: 0, count: count)
        #if _endian(little)
        values.withUnsafeMutableBytes { destination in
            raw.withUnsafeBytes { destination.copyMemory(from: $0) }
        }
        #else
        for index in 0 ..< count {
            let base = raw.startIndex + index * 4
            let bits = raw[base ..< base + 4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            values[index] = Float(bitPattern: bits)
        }
        #endif
        return values
    }

    mutating func readUInt64s() throws(BinaryDecodingError) -> [UInt64] {
        let count = try readCount(limit: remaining / 8)
        var values = [UInt64]()
        values.reserveCapacity(count)
        for _ in 0 ..< count { values.append(try readUInt64()) }
        return values
    }

    /// The next `count` bytes.
    mutating func take(_ count: Int) throws(BinaryDecodingError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw .truncated(offset: offset, needed: count - remaining) }
        defer { offset += count }
        return bytes[offset ..< offset + count]
    }
}
