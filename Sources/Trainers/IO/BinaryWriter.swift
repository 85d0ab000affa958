/// Appends little-endian values to a byte buffer (checkpoints and the model file).
struct BinaryWriter {
    /// The bytes written so far.
    private(set) var bytes: [UInt8] = []

    mutating func write(_ value: UInt8) {
        bytes.append(value)
    }

    mutating func write(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// A count or index, stored as UInt64.
    mutating func write(count value: Int) {
        write(UInt64(value))
    }

    mutating func write(_ value: Double) {
        write(value.bitPattern)
    }

    mutating func write(_ value: Bool) {
        write(UInt8(value ? 1 : 0))
    }

    /// UTF-8 text preceded by its byte length (UInt32).
    mutating func write(_ text: String) {
        let utf8 = Array(text.utf8)
        write(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }

    /// Float32 values preceded by their count (UInt64), each stored little-endian.
    mutating func write(_ values: [Float]) {
        write(count: values.count)
        #if _endian(little)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
        for value in values { write(value.bitPattern) }
        #endif
    }

    /// UInt64 values preceded by their count (UInt64).
    mutating func write(_ values: [UInt64]) {
        write(count: values.count)
        for value in values { write(value) }
    }

    /// Appends raw bytes with no length prefix.
    mutating func append(raw: [UInt8]) {
        bytes.append(contentsOf: raw)
    }
}
