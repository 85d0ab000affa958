/// Percent-encoding and path handling as SigV4 defines them.
enum AWSURIEncoding {
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// RFC 3986 unreserved characters: `A-Z a-z 0-9 - . _ ~`.
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// Percent-encodes every UTF-8 byte of `string` that is not unreserved and not accepted by `keep`.
    static func encode(_ string: String, keeping keep: (UInt8) -> Bool = { _ in false }) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            if isUnreserved(byte) || keep(byte) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Encoding for query names and values: only unreserved characters stay as they are.
    static func encodeQueryComponent(_ string: String) -> String {
        encode(string)
    }

    /// Encoding for an S3 object key in a path: unreserved characters and `/` stay as they are.
    static func encodePathKeepingSlashes(_ string: String) -> String {
        encode(string) { $0 == UInt8(ascii: "/") }
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
