import Foundation

/// Where the configured backend keeps objects, written as a URL:
///
/// - `local:/absolute/folder` (or `file:///absolute/folder`): the local filesystem backend;
/// - `s3://bucket?region=eu-west-1&endpoint=http://127.0.0.1:9000&path_style=true`;
/// - `gs://bucket?endpoint=http://127.0.0.1:4443&anonymous=true` (anonymous: no credentials, for emulators);
/// - `azure://container?account=NAME&endpoint=http://127.0.0.1:10000/NAME`.
///
/// Query parameters other than the ones listed for each scheme are refused, so a typo is never ignored.
public enum StorageLocation: Sendable, Equatable {
    case local(root: String)
    case s3(bucket: String, region: String?, endpoint: String?, pathStyle: Bool)
    case gcs(bucket: String, endpoint: String?, anonymous: Bool)
    case azure(container: String, account: String?, endpoint: String?)

    /// Parses a location URL.
    ///
    /// - Throws: ``StorageError/invalidLocation(_:reason:)``.
    public init(_ text: String) throws(StorageError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw .invalidLocation(text, reason: "not a URL such as s3://bucket, gs://bucket, azure://container or local:/folder")
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] {
            guard query[item.name] == nil else { throw .invalidLocation(text, reason: "'\(item.name)' is given twice") }
            query[item.name] = item.value ?? ""
        }
        func only(_ allowed: Set<String>) throws(StorageError) {
            if let unknown = query.keys.sorted().first(where: { !allowed.contains($0) }) {
                let list = allowed.isEmpty ? "none" : allowed.sorted().joined(separator: ", ")
                throw .invalidLocation(text, reason: "unknown parameter '\(unknown)' (allowed: \(list))")
            }
        }
        func container() throws(StorageError) -> String {
            guard let host = components.host, !host.isEmpty, components.path.isEmpty || components.path == "/" else {
                throw .invalidLocation(text, reason: "name exactly one bucket or container after \(scheme)://, with no path")
            }
            return host
        }
        switch scheme {
        case "local", "file":
            try only([])
            guard components.path.hasPrefix("/") else { throw .invalidLocation(text, reason: "the local folder must be an absolute path") }
            self = .local(root: components.path)
        case "s3":
            try only(["region", "endpoint", "path_style"])
            guard [nil, "true", "false"].contains(query["path_style"]) else {
                throw .invalidLocation(text, reason: "path_style is true or false")
            }
            self = .s3(bucket: try container(), region: query["region"], endpoint: query["endpoint"], pathStyle: query["path_style"] == "true")
        case "gs":
            try only(["endpoint", "anonymous"])
            guard [nil, "true", "false"].contains(query["anonymous"]) else {
                throw .invalidLocation(text, reason: "anonymous is true or false")
            }
            self = .gcs(bucket: try container(), endpoint: query["endpoint"], anonymous: query["anonymous"] == "true")
        case "azure":
            try only(["account", "endpoint"])
            self = .azure(container: try container(), account: query["account"], endpoint: query["endpoint"])
        default:
            throw .invalidLocation(text, reason: "unknown scheme '\(scheme)' (s3, gs, azure or local)")
        }
    }
}
