/// The headers of a canonical request, lower-cased, whitespace-folded and sorted, held as ranges
/// of a ``ByteWriter``.
///
/// Only built when every header name is ASCII: for other names, grouping follows `String`
/// equality (Unicode canonical equivalence) and the signer uses its `String`-based reference code.
struct AWSCanonicalHeaders {
    private typealias Entry = (name: Range<Int>, value: Range<Int>)
    private var entries: [Entry]

    /// Writes every header's lower-cased name and folded value to `writer`; `nil` when a name is not ASCII.
    ///
    /// `generatedHost`, the range of a raw `Host` value already in `writer`, becomes a `host`
    /// header ahead of `headers`.
    init?(_ headers: [AWSSigV4Request.Field], generatedHost: Range<Int>? = nil, in writer: inout ByteWriter) {
        let start = writer.count
        var entries: [Entry] = []
        entries.reserveCapacity(headers.count + 1)
        if let generatedHost {
            let nameStart = writer.count
            writer.append("host" as StaticString)
            let name = nameStart..<writer.count
            entries.append((name, Self.appendFoldedCopy(of: generatedHost, to: &writer)))
        }
        for header in headers {
            guard let name = Self.appendLowercasedASCII(header.name, to: &writer) else {
                writer.truncate(to: start)
                return nil
            }
            let value = Self.appendFolded(header.value, to: &writer)
            entries.append((name, value))
        }
        // Stable insertion sort by name bytes: equal names keep their original order.
        if entries.count > 1 {
            for index in 1..<entries.count {
                let entry = entries[index]
                var position = index
                while position > 0, writer.precedes(entry.name, entries[position - 1].name) {
                    entries[position] = entries[position - 1]
                    position -= 1
                }
                entries[position] = entry
            }
        }
        self.entries = entries
    }

    /// Whether a header is named `host` (any case).
    func containsHost(in writer: borrowing ByteWriter) -> Bool {
        entries.contains { entry in
            entry.name.count == 4 && writer.bytes(entry.name).elementsEqual("host".utf8)
        }
    }

    /// `name:value[,value…]\n` per distinct name, in name order.
    func appendCanonicalHeaders(to writer: inout ByteWriter) {
        var index = 0
        while index < entries.count {
            let name = entries[index].name
            writer.appendCopy(of: name)
            writer.append(UInt8(ascii: ":"))
            writer.appendCopy(of: entries[index].value)
            index += 1
            while index < entries.count, writer.equals(entries[index].name, name) {
                writer.append(UInt8(ascii: ","))
                writer.appendCopy(of: entries[index].value)
                index += 1
            }
            writer.append(UInt8(ascii: "\n"))
        }
    }

    /// The distinct names joined with `;`.
    func appendSignedHeaders(to writer: inout ByteWriter) {
        var previous: Range<Int>?
        for entry in entries {
            if let previous {
                if writer.equals(entry.name, previous) { continue }
                writer.append(UInt8(ascii: ";"))
            }
            writer.appendCopy(of: entry.name)
            previous = entry.name
        }
    }

    /// Appends `name` lower-cased; `nil` (and nothing written) when it is not ASCII.
    private static func appendLowercasedASCII(_ name: String, to writer: inout ByteWriter) -> Range<Int>? {
        var name = name
        return name.withUTF8 { bytes -> Range<Int>? in
            writer.reserve(bytes.count)
            let output = writer.base + writer.count
            for (index, byte) in bytes.enumerated() {
                guard byte < 0x80 else { return nil }
                output[index] = byte &+ (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? 32 : 0)
            }
            let start = writer.count
            writer.advance(by: bytes.count)
            return start..<writer.count
        }
    }

    /// Appends `value` trimmed, with inner whitespace runs folded to one space (as splitting on
    /// `Character.isWhitespace` and joining with " " does).
    private static func appendFolded(_ value: String, to writer: inout ByteWriter) -> Range<Int> {
        let start = writer.count
        var value = value
        let ascii = value.withUTF8 { appendFoldedASCII(UnsafeRawBufferPointer($0), to: &writer) }
        if !ascii {
            writer.append(value.split(whereSeparator: \.isWhitespace).joined(separator: " "))
        }
        return start..<writer.count
    }

    /// ``appendFolded(_:to:)`` for a value already in `writer` (valid UTF-8, written from a `String`).
    private static func appendFoldedCopy(of range: Range<Int>, to writer: inout ByteWriter) -> Range<Int> {
        let start = writer.count
        // Reserve first: the source pointer must stay valid while the folded bytes are written.
        writer.reserve(range.count)
        if !appendFoldedASCII(writer.bytes(range), to: &writer) {
            let value = writer.string(range)
            writer.append(value.split(whereSeparator: \.isWhitespace).joined(separator: " "))
        }
        return start..<writer.count
    }

    /// Folds ASCII `bytes` into `writer`; writes nothing and returns `false` at the first non-ASCII byte.
    private static func appendFoldedASCII(_ bytes: UnsafeRawBufferPointer, to writer: inout ByteWriter) -> Bool {
        writer.reserve(bytes.count)
        let output = writer.base + writer.count
        var written = 0
        var pendingSpace = false
        for byte in bytes {
            guard byte < 0x80 else { return false }
            // The ASCII characters with Unicode's White_Space property: \t \n \v \f \r and space.
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                pendingSpace = written > 0
            } else {
                if pendingSpace {
                    output[written] = 0x20
                    written += 1
                    pendingSpace = false
                }
                output[written] = byte
                written += 1
            }
        }
        writer.advance(by: written)
        return true
    }

    /// Appends `method` upper-cased (ASCII directly, anything else through `String.uppercased()`).
    static func appendUppercased(_ method: String, to writer: inout ByteWriter) {
        var method = method
        let ascii = method.withUTF8 { bytes -> Bool in
            writer.reserve(bytes.count)
            let output = writer.base + writer.count
            for (index, byte) in bytes.enumerated() {
                guard byte < 0x80 else { return false }
                output[index] = byte &- (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? 32 : 0)
            }
            writer.advance(by: bytes.count)
            return true
        }
        if !ascii {
            writer.append(method.uppercased())
        }
    }
}

/// Query parameters percent-encoded into a ``ByteWriter``, in their original order.
struct AWSCanonicalQuery {
    private typealias Pair = (name: Range<Int>, value: Range<Int>)
    private var pairs: [Pair] = []

    /// Encodes `fields` into `writer` (names and values: only unreserved characters kept).
    init(_ fields: [AWSSigV4Request.Field], in writer: inout ByteWriter, reserving extra: Int = 0) {
        pairs.reserveCapacity(fields.count + extra)
        for field in fields {
            let nameStart = writer.count
            AWSURIEncoding.appendEncoded(field.name, to: &writer)
            let valueStart = writer.count
            AWSURIEncoding.appendEncoded(field.value, to: &writer)
            pairs.append((nameStart..<valueStart, valueStart..<writer.count))
        }
    }

    /// Adds a parameter whose name needs no encoding and whose value `body` writes already encoded.
    mutating func append(name: StaticString, in writer: inout ByteWriter, value body: (inout ByteWriter) -> Void) {
        let nameStart = writer.count
        writer.append(name)
        let valueStart = writer.count
        body(&writer)
        pairs.append((nameStart..<valueStart, valueStart..<writer.count))
    }

    /// `name=value` pairs sorted by encoded name, then encoded value, joined with `&`.
    func appendSorted(to writer: inout ByteWriter) {
        var order = Array(pairs.indices)
        if order.count > 1 {
            for index in 1..<order.count {
                let pair = order[index]
                var position = index
                while position > 0, Self.precedes(pairs[pair], pairs[order[position - 1]], in: writer) {
                    order[position] = order[position - 1]
                    position -= 1
                }
                order[position] = pair
            }
        }
        for (position, index) in order.enumerated() {
            if position > 0 { writer.append(UInt8(ascii: "&")) }
            writer.appendCopy(of: pairs[index].name)
            writer.append(UInt8(ascii: "="))
            writer.appendCopy(of: pairs[index].value)
        }
    }

    /// `name=value` pairs in their original order, joined with `&`.
    func appendInOrder(to writer: inout ByteWriter) {
        for (position, pair) in pairs.enumerated() {
            if position > 0 { writer.append(UInt8(ascii: "&")) }
            writer.appendCopy(of: pair.name)
            writer.append(UInt8(ascii: "="))
            writer.appendCopy(of: pair.value)
        }
    }

    private static func precedes(_ lhs: Pair, _ rhs: Pair, in writer: borrowing ByteWriter) -> Bool {
        writer.equals(lhs.name, rhs.name) ? writer.precedes(lhs.value, rhs.value) : writer.precedes(lhs.name, rhs.name)
    }
}
