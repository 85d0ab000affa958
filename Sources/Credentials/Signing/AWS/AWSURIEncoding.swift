/// Percent-encoding and path handling as SigV4 defines them.
public enum AWSURIEncoding {
    /// Which bytes to keep as they are, besides the unreserved ones.
    struct Keep: OptionSet, Sendable {
        let rawValue: UInt8
        static let slash = Keep(rawValue: 1 << 1)
        static let percent = Keep(rawValue: 1 << 2)
    }

    /// Per byte: bit 0 for RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`), bit 1 for `/`,
    /// bit 2 for `%`. A byte stays as it is when its entry shares a bit with `Keep.rawValue | 1`.
    private static let classes: [UInt8] = (0..<256).map { value in
        let byte = UInt8(value)
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return 1
        case UInt8(ascii: "/"): return 1 << 1
        case UInt8(ascii: "%"): return 1 << 2
        default: return 0
        }
    }

    /// `0-9 A-F`, looked up rather than computed with a branch per digit.
    private static let upperHexDigits = Array("0123456789ABCDEF".utf8)

    /// Appends `bytes` percent-encoded (upper-case hex), keeping unreserved bytes and those in `keep`.
    static func appendEncoded(_ bytes: UnsafeRawBufferPointer, keeping keep: Keep = [], to writer: inout ByteWriter) {
        writer.reserve(bytes.count * 3)
        let mask = keep.rawValue | 1
        classes.withUnsafeBufferPointer { classes in
            upperHexDigits.withUnsafeBufferPointer { upperHexDigits in
                var output = writer.base + writer.count
                let start = output
                for byte in bytes {
                    if classes[Int(byte)] & mask != 0 {
                        output[0] = byte
                        output += 1
                    } else {
                        output[0] = UInt8(ascii: "%")
                        output[1] = upperHexDigits[Int(byte >> 4)]
                        output[2] = upperHexDigits[Int(byte & 0x0F)]
                        output += 3
                    }
                }
                writer.advance(by: output - start)
            }
        }
    }

    /// Appends the bytes `[range]` of `writer` itself, percent-encoded.
    static func appendEncodedCopy(of range: Range<Int>, keeping keep: Keep = [], to writer: inout ByteWriter) {
        // Reserve first: the source pointer must stay valid while the encoded bytes are written.
        writer.reserve(range.count * 3)
        let source = writer.bytes(range)
        appendEncoded(source, keeping: keep, to: &writer)
    }

    /// Appends `string` percent-encoded (see ``appendEncoded(_:keeping:to:)``).
    static func appendEncoded(_ string: String, keeping keep: Keep = [], to writer: inout ByteWriter) {
        var string = string
        string.withUTF8 { appendEncoded(UnsafeRawBufferPointer($0), keeping: keep, to: &writer) }
    }

    /// Percent-encodes every UTF-8 byte of `string` that is not unreserved and not in `keep`.
    static func encode(_ string: String, keeping keep: Keep = []) -> String {
        var writer = ByteWriter(capacity: string.utf8.count * 3)
        appendEncoded(string, keeping: keep, to: &writer)
        return writer.string(0..<writer.count)
    }

    /// Encoding for query names and values: only unreserved characters stay as they are.
    public static func encodeQueryComponent(_ string: String) -> String {
        encode(string)
    }

    /// Removes `.` and `..` segments and merges repeated slashes; keeps a trailing slash.
    static func normalizedPath(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        var normalized = "/" + segments.joined(separator: "/")
        if path.hasSuffix("/"), !normalized.hasSuffix("/") {
            normalized += "/"
        }
        return normalized
    }
}
