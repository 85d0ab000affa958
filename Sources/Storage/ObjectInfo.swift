import Foundation

/// What a backend knows about a stored object.
public struct ObjectInfo: Sendable, Hashable, Codable {
    /// The full key (`orgs/<org>/<path>`).
    public var key: String
    public var size: Int64
    /// Lower-case hex SHA-256 of the content, when the backend has it.
    public var sha256: String?
    public var contentType: String?
    /// User metadata.
    public var metadata: [String: String]
    public var modified: Date

    /// Creates an object description.
    public init(key: String, size: Int64, sha256: String?, contentType: String?, metadata: [String: String], modified: Date) {
        self.key = key
        self.size = size
        self.sha256 = sha256
        self.contentType = contentType
        self.metadata = metadata
        self.modified = modified
    }
}

/// Where the bytes of a `put` come from.
public enum StorageSource: Sendable {
    /// A local file, read in chunks.
    case file(String)
    /// Chunks produced by the caller; when the stream throws, the upload fails and stores nothing.
    case chunks(AsyncThrowingStream<[UInt8], any Error>)
    /// Bytes already in memory.
    case bytes([UInt8])
}

/// The HTTP method a presigned URL allows.
public enum PresignMethod: String, Sendable, Hashable, CaseIterable {
    case get = "GET"
    case put = "PUT"
}
