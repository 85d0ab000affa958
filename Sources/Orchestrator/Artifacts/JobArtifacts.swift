import Foundation
import Storage

/// A job's artifacts in storage: every file its finished run left in its output folder (the model, its card, an
/// ONNX export), kept under `jobs/<id>/artifacts/` in the organization's prefix and handed out as presigned URLs.
/// Checkpoints stay behind: they serve resuming, not the user.
public struct JobArtifacts: Sendable {
    /// Where artifacts are kept.
    public let storage: any StorageBackend

    /// Creates the artifacts of jobs kept in `storage`.
    public init(storage: any StorageBackend) {
        self.storage = storage
    }

    /// The key prefix, below the organization's, of one job's artifacts.
    public static func prefix(jobID: String) -> String { "jobs/\(jobID)/artifacts/" }

    /// Uploads every file below `outputFolder` except `checkpoints/` and hidden files, keeping relative paths.
    ///
    /// - Returns: what was stored, in path order.
    /// - Throws: the backend's or the key check's error; files uploaded before it stay and are replaced by the
    ///   next publication of the same job.
    @discardableResult
    public func publish(jobID: String, organization: String, outputFolder: String) async throws -> [ObjectInfo] {
        var stored: [ObjectInfo] = []
        for relative in Self.files(in: outputFolder) {
            let key = try StorageKey(organization: organization, path: Self.prefix(jobID: jobID) + relative)
            stored.append(try await storage.put(
                key, from: .file("\(outputFolder)/\(relative)"), contentType: Self.contentType(of: relative), metadata: ["job": jobID]))
        }
        return stored
    }

    /// The job's artifacts, each with a GET URL valid for `expiresIn` seconds from `now`.
    public func list(jobID: String, organization: String, expiresIn: Int, now: Date) async throws -> [Artifact] {
        let prefix = Self.prefix(jobID: jobID)
        let keyPrefix = StorageKey.prefix(of: organization) + prefix
        var artifacts: [Artifact] = []
        for try await object in storage.list(organization: organization, prefix: prefix) {
            let key = try StorageKey(fullKey: object.key, organization: organization)
            artifacts.append(Artifact(
                name: String(object.key.dropFirst(keyPrefix.count)), size: object.size, sha256: object.sha256,
                contentType: object.contentType,
                url: try storage.presignedURL(for: key, method: .get, expiresIn: expiresIn, now: now),
                expiresAt: now.addingTimeInterval(TimeInterval(expiresIn))))
        }
        return artifacts
    }

    /// Regular files below `folder`, as paths relative to it, sorted; `checkpoints/` and names starting with `.`
    /// (partial writes) are left out.
    static func files(in folder: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            let isFolder = enumerator.fileAttributes?[.type] as? FileAttributeType == .typeDirectory
            if name.hasPrefix(".") || (isFolder && relative == "checkpoints") {
                if isFolder { enumerator.skipDescendants() }
                continue
            }
            if enumerator.fileAttributes?[.type] as? FileAttributeType == .typeRegular { files.append(relative) }
        }
        return files.sorted()
    }

    static func contentType(of path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "json": "application/json"
        case "csv": "text/csv"
        case "txt", "log": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}

/// One artifact of a job, with a URL to download it.
public struct Artifact: Sendable, Hashable {
    /// Its path relative to the job's output folder, e.g. `model.onnx`.
    public var name: String
    public var size: Int64
    /// SHA-256 of the content, lower-case hex, when the backend stores it.
    public var sha256: String?
    public var contentType: String?
    /// A presigned GET URL.
    public var url: String
    public var expiresAt: Date

    /// Describes an artifact.
    public init(name: String, size: Int64, sha256: String?, contentType: String?, url: String, expiresAt: Date) {
        self.name = name
        self.size = size
        self.sha256 = sha256
        self.contentType = contentType
        self.url = url
        self.expiresAt = expiresAt
    }
}
