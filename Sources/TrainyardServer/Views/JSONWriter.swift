import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes JSON text straight into bytes: the text Foundation's `JSONEncoder` writes with the API's options (sorted
/// keys, unescaped slashes, ISO 8601 dates in whole seconds), without its generic machinery, which cost a third of
/// the time of `GET /v1/jobs/{id}`. Members are written in the order they are given, so callers give them sorted.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Whether the next member or element follows another one and needs a comma first.
    private var followsValue = false

    init() {
        bytes.reserveCapacity(2048)
    }

    /// An object whose members `body` writes.
    mutating func object(_ body: (inout JSONWriter) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "{"))
        followsValue = false
        body(&self)
        bytes.append(UInt8(ascii: "}"))
        followsValue = true
    }

    /// An array of `items`, each written by `element`.
    mutating func array<Items: Sequence>(_ items: Items, _ element: (inout JSONWriter, Items.Element) -> Void) {
        separate()
        bytes.append(UInt8(ascii: "["))
        followsValue = false
        for item in items { element(&self, item) }
        bytes.append(UInt8(ascii: "]"))
        followsValue = true
    }

    /// A member's key; its value is written next.
    mutating func key(_ name: String) {
        separate()
        quote(name)
        bytes.append(UInt8(ascii: ":"))
        followsValue = false
    }

    mutating func string(_ value: String?) {
        guard let value else { return null() }
        separate()
        quote(value)
        followsValue = true
    }

    mutating func number(_ value: Int?) {
        guard let value else { return null() }
        raw(String(value))
    }

    /// A finite number as Swift prints it, without a trailing `.0` (`1`, `0.5`, `1e-05`); `null` when not finite.
    mutating func number(_ value: Double?) {
        guard let value, value.isFinite else { return null() }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        raw(text)
    }

    /// `yyyy-MM-ddTHH:mm:ssZ` in UTC, seconds rounded down.
    mutating func date(_ value: Date?) {
        guard let value else { return null() }
        var seconds = time_t(value.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        separate()
        bytes.append(UInt8(ascii: "\""))
        digits(Int(parts.tm_year) + 1900, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2)
        bytes.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2)
        bytes.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2)
        bytes.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2)
        bytes.append(contentsOf: Array("Z\"".utf8))
        followsValue = true
    }

    /// An object of numbers with its keys sorted.
    mutating func numbers(_ values: [String: Double]) {
        object { writer in
            for name in values.keys.sorted() {
                writer.key(name)
                writer.number(values[name])
            }
        }
    }

    mutating func null() {
        raw("null")
    }

    // MARK: Text

    private mutating func separate() {
        if followsValue { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func raw(_ text: String) {
        separate()
        bytes.append(contentsOf: text.utf8)
        followsValue = true
    }

    private mutating func digits(_ value: Int, _ count: Int) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    /// `text` in quotes: `"` and `\` escaped, control characters as `\b \f \n \r \t` or `\u00XX`, the rest as it is.
    private mutating func quote(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// A view that writes itself with a ``JSONWriter`` — the same text `APIJSON.encoder` makes of it, faster.
protocol JSONWritable: Encodable {
    func write(to writer: inout JSONWriter)
}
