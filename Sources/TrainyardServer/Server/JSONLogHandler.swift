import Foundation
import Logging

/// Writes one JSON object per log line to standard error: time, level, label, message and metadata (the request
/// id, organization, key id), keys in sorted order. What the executable bootstraps; libraries only take a `Logger`.
///
/// Lines are written with ``JSONWriter`` rather than `JSONSerialization`: the server logs every request, and the
/// generic serializer cost a sixth of a request's time.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let write: @Sendable ([UInt8]) -> Void

    /// A handler for `label` that writes each line to standard error, or to `write`.
    public init(label: String, write: @escaping @Sendable ([UInt8]) -> Void = { FileHandle.standardError.write(Data($0)) }) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = ["time": Date().formatted(.iso8601), "level": event.level.rawValue, "label": label, "message": "\(event.message)"]
        for (key, value) in metadata { fields[key] = "\(value)" }
        for (key, value) in event.metadata ?? [:] { fields[key] = "\(value)" }
        write(Self.line(fields))
    }

    /// `fields` as one line of JSON with sorted keys, ending in a newline.
    static func line(_ fields: [String: String]) -> [UInt8] {
        var writer = JSONWriter()
        writer.object { writer in
            for key in fields.keys.sorted() {
                writer.key(key)
                writer.string(fields[key])
            }
        }
        return writer.bytes + [0x0A]
    }
}
