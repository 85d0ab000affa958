import Credentials
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The embedded default backend: objects as files under a root folder (`<state>/storage`).
///
/// Each key segment becomes a folder named `_<segment>` and the object itself is the file `=` inside the
/// last one, so `a` and `a/b` can both exist. A write streams into a temporary file next to `=`, hashes it,
/// appends the description, syncs it and renames it into place: concurrent writers to one key leave the last
/// complete write, never a torn file. Presigned URLs point at the API server's `/files/` route.
public struct LocalStorage: StorageBackend {
    /// The root folder.
    public let root: String
    /// Where the API server is reached, e.g. `http://127.0.0.1:8080`.
    public let baseURL: String
    private let signer: LocalURLSigner

    /// Creates a backend rooted at `root`, signing URLs for `baseURL` with `signer`.
    public init(root: String, baseURL: String, signer: LocalURLSigner) {
        self.root = root
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.signer = signer
    }

    // MARK: Paths

    private func folder(for key: StorageKey) -> String {
        "\(root)/objects/\(key.organization)/" + key.path.split(separator: "/").map { "_\($0)" }.joined(separator: "/")
    }

    private func objectPath(for key: StorageKey) -> String { "\(folder(for: key))/=" }

    // MARK: StorageBackend

    public func put(_ key: StorageKey, from source: StorageSource, contentType: String?, metadata: [String: String]) async throws -> ObjectInfo {
        for segment in key.path.split(separator: "/") where segment.utf8.count > 254 {
            throw StorageError.invalidKey(key.path, reason: "the local backend allows key segments of at most 254 bytes")
        }
        let folder = folder(for: key)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw StorageError.io("cannot create \(folder): \(error)")
        }
        let temporary = "\(folder)/=tmp-\(UUID().uuidString)"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StorageError.io("cannot create \(temporary): \(POSIXFile.errorText())") }
        var committed = false
        defer {
            if !committed { unlink(temporary) }
        }
        var hash = try SHA256()
        var size: Int64 = 0
        do {
            let chunks = try ChunkReader(source)
            while let chunk = try await chunks.next() {
                try hash.update(chunk)
                try POSIXFile.writeAll(chunk, to: descriptor)
                size += Int64(chunk.count)
            }
            let digest = Hex.encode(try hash.finalize())
            let trailer = LocalObjectFile.Trailer(key: key.fullKey, size: size, sha256: digest, contentType: contentType, metadata: metadata)
            try LocalObjectFile.writeTrailer(trailer, to: descriptor)
            guard fsync(descriptor) == 0 else { throw StorageError.io("cannot sync \(temporary): \(POSIXFile.errorText())") }
            close(descriptor)
        } catch {
            close(descriptor)
            throw error
        }
        guard rename(temporary, objectPath(for: key)) == 0 else {
            throw StorageError.io("cannot move \(temporary) into place: \(POSIXFile.errorText())")
        }
        committed = true
        POSIXFile.sync(path: folder)
        return try await head(key)
    }

    public func get(_ key: StorageKey, to file: String) async throws -> ObjectInfo {
        let path = objectPath(for: key)
        let info = try await head(key)
        let input = open(path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw errno == ENOENT ? StorageError.notFound(key.fullKey) : StorageError.io("cannot open \(path)") }
        defer { close(input) }
        let download = try VerifiedDownload(to: file)
        var remaining = info.size
        while remaining > 0 {
            let chunk = try POSIXFile.readChunk(input, count: Int(min(Int64(ChunkReader.chunkSize), remaining)))
            guard !chunk.isEmpty else { throw StorageError.io("\(path) ended early") }
            try download.write(chunk)
            remaining -= Int64(chunk.count)
        }
        try download.finish(key: key.fullKey, expectedSHA256: info.sha256)
        return info
    }

    public func head(_ key: StorageKey) async throws -> ObjectInfo {
        do {
            let (trailer, modified) = try LocalObjectFile.readTrailer(path: objectPath(for: key))
            return ObjectInfo(key: key.fullKey, size: trailer.size, sha256: trailer.sha256, contentType: trailer.contentType,
                              metadata: trailer.metadata, modified: modified)
        } catch StorageError.notFound {
            throw StorageError.notFound(key.fullKey)
        }
    }

    public func delete(_ key: StorageKey) async throws {
        let path = objectPath(for: key)
        guard unlink(path) == 0 || errno == ENOENT else { throw StorageError.io("cannot delete \(key.fullKey): \(POSIXFile.errorText())") }
    }

    public func list(organization: String, prefix: String) -> AsyncThrowingStream<ObjectInfo, any Error> {
        let cursor = Cursor(storage: self, organization: organization, prefix: prefix)
        return AsyncThrowingStream { try await cursor.next() }
    }

    /// Walks one listing: the key names are read once, descriptions one by one as the caller asks.
    private actor Cursor {
        let storage: LocalStorage
        let organization: String
        let prefix: String
        var keys: [String]?
        var position = 0

        init(storage: LocalStorage, organization: String, prefix: String) {
            self.storage = storage
            self.organization = organization
            self.prefix = prefix
        }

        func next() async throws -> ObjectInfo? {
            if keys == nil {
                try StorageKey.validateOrganization(organization)
                keys = LocalStorage.collectKeys(in: "\(storage.root)/objects/\(organization)")
                    .filter { $0.hasPrefix(prefix) }
                    .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            }
            let all = keys ?? []
            while position < all.count {
                defer { position += 1 }
                let key = try StorageKey(organization: organization, path: all[position])
                // An object deleted since the listing began is skipped.
                if let info = try? await storage.head(key) { return info }
            }
            return nil
        }
    }

    public func presignedURL(for key: StorageKey, method: PresignMethod, expiresIn: Int, now: Date) throws -> String {
        guard (1...604_800).contains(expiresIn) else { throw StorageError.invalidKey(key.fullKey, reason: "expiry must be 1 to 604800 seconds") }
        let expires = Int64(now.timeIntervalSince1970.rounded(.down)) + Int64(expiresIn)
        let encoded = key.fullKey.split(separator: "/").map { String($0).addingPercentEncoding(withAllowedCharacters: Self.segmentCharacters) ?? "" }
            .joined(separator: "/")
        return "\(baseURL)/files/\(encoded)?method=\(method.rawValue)&\(try signer.query(method: method, fullKey: key.fullKey, expires: expires))"
    }

    // MARK: Serving presigned URLs

    /// Checks what a request to one of this backend's presigned URLs may do: the URL's `method` must be the
    /// request's, and its signature and expiry must hold for the key.
    ///
    /// - Parameters:
    ///   - fullKey: the key from the URL's path, percent-decoded.
    ///   - query: the URL's `method`, `expires` and `signature` parameters.
    /// - Returns: the key, validated like any other.
    /// - Throws: ``StorageError/invalidSignature`` (also for a missing parameter or another method),
    ///   ``StorageError/expired``, or the key's ``StorageError/invalidKey(_:reason:)``.
    public func authorize(_ method: PresignMethod, fullKey: String, query: [String: String], now: Date) throws -> StorageKey {
        guard query["method"] == method.rawValue, let expires = query["expires"], let signature = query["signature"] else {
            throw StorageError.invalidSignature
        }
        try signer.verify(method: method, fullKey: fullKey, expires: expires, signature: signature, now: now)
        return try StorageKey(fullKey: fullKey)
    }

    /// An object's description and its content as a stream of chunks, read from disk as the caller consumes them.
    public func read(_ key: StorageKey) async throws -> (info: ObjectInfo, content: AsyncThrowingStream<[UInt8], any Error>) {
        let info = try await head(key)
        let reader = try ContentReader(path: objectPath(for: key), size: info.size)
        return (info, AsyncThrowingStream { try await reader.next() })
    }

    /// Reads the first `size` bytes of an object file (its content, before the description) and closes it at the end.
    private actor ContentReader {
        private var descriptor: Int32
        private var remaining: Int64

        init(path: String, size: Int64) throws {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw StorageError.io("cannot open \(path): \(POSIXFile.errorText())") }
            remaining = size
        }

        deinit {
            if descriptor >= 0 { close(descriptor) }
        }

        func next() throws -> [UInt8]? {
            guard remaining > 0, descriptor >= 0 else { return nil }
            let chunk = try POSIXFile.readChunk(descriptor, count: Int(min(Int64(ChunkReader.chunkSize), remaining)))
            guard !chunk.isEmpty else { throw StorageError.io("the object ended \(remaining) bytes early") }
            remaining -= Int64(chunk.count)
            if remaining == 0 {
                close(descriptor)
                descriptor = -1
            }
            return chunk
        }
    }

    /// RFC 3986 unreserved characters: everything else in a segment is percent-encoded.
    private static let segmentCharacters = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Every object path below an organization folder (segments unescaped).
    static func collectKeys(in base: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var keys: [String] = []
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix("/=") else { continue }
            let segments = relative.dropLast(2).split(separator: "/").map { $0.dropFirst() }
            keys.append(segments.joined(separator: "/"))
        }
        return keys
    }
}
