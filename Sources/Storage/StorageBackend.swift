import Foundation

/// One interface over S3, GCS, Azure Blob and the local filesystem for datasets, checkpoints and artifacts.
public protocol StorageBackend: Sendable {
    /// Stores an object, streaming its bytes; returns what was stored (size and SHA-256).
    func put(_ key: StorageKey, from source: StorageSource, contentType: String?, metadata: [String: String]) async throws -> ObjectInfo

    /// Streams an object into a local file, verifying its checksum when one is stored.
    func get(_ key: StorageKey, to file: String) async throws -> ObjectInfo

    /// Describes an object.
    func head(_ key: StorageKey) async throws -> ObjectInfo

    /// Removes an object; removing a missing object is not an error.
    func delete(_ key: StorageKey) async throws

    /// The objects whose path starts with `prefix`, in key order, fetched page by page as the caller reads.
    func list(organization: String, prefix: String) -> AsyncThrowingStream<ObjectInfo, any Error>

    /// A URL that allows `method` on the object until `expiresIn` seconds after `now`.
    func presignedURL(for key: StorageKey, method: PresignMethod, expiresIn: Int, now: Date) throws -> String
}
