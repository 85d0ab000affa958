import Credentials
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a remote backend uploads: a local file with its size and SHA-256, known before the first request.
///
/// A file source is hashed where it lies; bytes and chunk streams are written to a private temporary file
/// while being hashed, so memory stays bounded whatever the size. ``discard()`` removes that file.
struct UploadFile {
    let path: String
    let size: Int64
    /// Lower-case hex SHA-256 of the content.
    let sha256: String
    private let isTemporary: Bool

    /// Reads `source` once, spooling it into `temporaryFolder` unless it already is a file.
    static func prepare(_ source: StorageSource, temporaryFolder: String) async throws -> UploadFile {
        if case .file(let path) = source {
            let (size, digest) = try await hash(ChunkReader(source))
            return UploadFile(path: path, size: size, sha256: digest, isTemporary: false)
        }
        let path = "\(temporaryFolder)/trainyard-upload-\(UUID().uuidString)"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StorageError.io("cannot create \(path): \(POSIXFile.errorText())") }
        defer { close(descriptor) }
        do {
            let (size, digest) = try await hash(ChunkReader(source)) { try POSIXFile.writeAll($0, to: descriptor) }
            return UploadFile(path: path, size: size, sha256: digest, isTemporary: true)
        } catch {
            unlink(path)
            throw error
        }
    }

    /// Removes the spooled copy; a caller's own file stays.
    func discard() {
        if isTemporary { unlink(path) }
    }

    private static func hash(_ reader: ChunkReader, passingTo consume: ([UInt8]) throws -> Void = { _ in }) async throws -> (Int64, String) {
        var hash = try SHA256()
        var size: Int64 = 0
        while let chunk = try await reader.next() {
            try hash.update(chunk)
            try consume(chunk)
            size += Int64(chunk.count)
        }
        return (size, Hex.encode(try hash.finalize()))
    }
}
