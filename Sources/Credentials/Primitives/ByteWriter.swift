#if canImport(Glibc)
import Glibc
#endif

/// A growable byte buffer for building signing strings without `String` or `Array` appends.
///
/// Owns one allocation (freed on deinit); appends check capacity once per call. Non-copyable, so
/// it has exactly one owner. Holds no secrets: callers write only public request data into it.
struct ByteWriter: ~Copyable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// Bytes written so far.
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity {
            grow(to: count + extra)
        }
    }

    private mutating func grow(to needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    /// Appends the bytes `[range]` of this same buffer.
    mutating func appendCopy(of range: Range<Int>) {
        reserve(range.count)
        (base + count).update(from: base + range.lowerBound, count: range.count)
        count += range.count
    }

    /// Appends the UTF-8 of `string`.
    mutating func append(_ string: String) {
        var string = string
        string.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Appends the UTF-8 of a static string (literals: no `String` is built).
    mutating func append(_ string: StaticString) {
        append(UnsafeRawBufferPointer(start: string.utf8Start, count: string.utf8CodeUnitCount))
    }

    /// Appends the decimal digits of a non-negative integer.
    mutating func appendDecimal(_ value: Int) {
        precondition(value >= 0)
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        reserve(digits)
        var remaining = value
        for index in stride(from: count + digits - 1, through: count, by: -1) {
            base[index] = UInt8(truncatingIfNeeded: 48 + remaining % 10)
            remaining /= 10
        }
        count += digits
    }

    /// Appends `value` (0...99) as two decimal digits.
    @inline(__always)
    mutating func appendTwoDigits(_ value: Int) {
        reserve(2)
        base[count] = UInt8(truncatingIfNeeded: 48 + value / 10)
        base[count + 1] = UInt8(truncatingIfNeeded: 48 + value % 10)
        count += 2
    }

    /// Appends the lower-case hex of `bytes`.
    mutating func appendHex(_ bytes: UnsafeRawBufferPointer) {
        reserve(bytes.count * 2)
        Hex.write(bytes, to: base + count)
        count += bytes.count * 2
    }

    /// Counts `written` bytes that the caller wrote at `base + count` after reserving room for them.
    @inline(__always)
    mutating func advance(by written: Int) {
        precondition(count + written <= capacity)
        count += written
    }

    /// Drops everything after the first `newCount` bytes.
    mutating func truncate(to newCount: Int) {
        precondition(newCount <= count)
        count = newCount
    }

    /// The bytes `[range]`.
    func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        precondition(range.upperBound <= count)
        return UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// The bytes `[range]` as a string (valid UTF-8 unless a caller wrote otherwise; repaired then).
    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes(range), as: UTF8.self)
    }

    /// Lexicographic comparison of the bytes `[lhs]` and `[rhs]` (as `utf8.lexicographicallyPrecedes`).
    func precedes(_ lhs: Range<Int>, _ rhs: Range<Int>) -> Bool {
        let common = min(lhs.count, rhs.count)
        if common > 0 {
            let order = memcmp(base + lhs.lowerBound, base + rhs.lowerBound, common)
            if order != 0 { return order < 0 }
        }
        return lhs.count < rhs.count
    }

    /// Whether the bytes `[lhs]` and `[rhs]` are equal.
    func equals(_ lhs: Range<Int>, _ rhs: Range<Int>) -> Bool {
        lhs.count == rhs.count && (lhs.isEmpty || memcmp(base + lhs.lowerBound, base + rhs.lowerBound, lhs.count) == 0)
    }
}
