import Foundation
import Logging

/// Writes one JSON object per log line to standard error: time, level, label, message and metadata (the request
/// id, organization, key id), keys in sorted order. What the executable bootstraps; libraries only take a `Logger`.
///
/// Lines are written by hand rather than through `JSONSerialization`: the server logs every request, and a
/// generic serializer cost a sixth of a request's time.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String

    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = ["time": Date().formatted(.iso8601), "level": event.level.rawValue, "label": label, "message": "\(event.message)"]
        for (key, value) in metadata { fields[key] = "\(value)" }
        for (key, value) in event.metadata ?? [:] { fields[key] = "\(value)" }
        FileHandle.standardError.write(Data(Self.line(fields).utf8))
    }

    /// `fields` as one line of JSON with sorted keys, ending in a newline.
    static func line(_ fields: [String: String]) -> String {
        var line = "{"
        for (index, key) in fields.keys.sorted().enumerated() {
            if index > 0 { line += "," }
            appendQuoted(key, to: &line)
            line += ":"
            appendQuoted(fields[key] ?? "", to: &line)
        }
        line += "}\n"
        return line
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped, everything else as it is.
    static func appendQuoted(_ text: String, to line: inout String) {
        line += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": line += "\\\""
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            case _ where scalar.value < 0x20: line += String(format: "\\u%04x", scalar.value)
            default: line.unicodeScalars.append(scalar)
            }
        }
        line += "\""
    }
}
