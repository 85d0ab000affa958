import AsyncHTTPClient
import Credentials
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A download into a local file: bytes go to a temporary file beside the destination while being hashed,
/// and only a complete download whose SHA-256 matches the stored checksum is renamed into place.
final class VerifiedDownload {
    private let destination: String
    private let temporary: String
    private let descriptor: Int32
    private var hash: SHA256?
    private var finished = false

    /// Starts a download to `destination`.
    init(to destination: String) throws {
        self.destination = destination
        temporary = "\(destination).part-\(UUID().uuidString)"
        descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw StorageError.io("cannot create \(temporary): \(POSIXFile.errorText())") }
        hash = try SHA256()
    }

    deinit {
        if !finished {
            close(descriptor)
            unlink(temporary)
        }
    }

    /// Streams an HTTP response body into `destination` through a verified download.
    static func receive(_ body: HTTPClientResponse.Body, to destination: String, key: String, expectedSHA256: String?) async throws {
        let download = try VerifiedDownload(to: destination)
        for try await buffer in body {
            try download.write(Array(buffer.readableBytesView))
        }
        try download.finish(key: key, expectedSHA256: expectedSHA256)
    }

    /// Appends bytes.
    func write(_ bytes: [UInt8]) throws {
        try hash?.update(bytes)
        try POSIXFile.writeAll(bytes, to: descriptor)
    }

    /// Checks the checksum (when one is stored), syncs and moves the file into place.
    ///
    /// - Throws: ``StorageError/checksumMismatch(key:expected:actual:)``; the destination is then untouched.
    func finish(key: String, expectedSHA256: String?) throws {
        finished = true
        defer { close(descriptor) }
        do {
            guard let complete = hash.take() else { throw StorageError.io("the download of \(key) was already finished") }
            let digest = Hex.encode(try complete.finalize())
            if let expectedSHA256, expectedSHA256 != digest {
                throw StorageError.checksumMismatch(key: key, expected: expectedSHA256, actual: digest)
            }
            guard fsync(descriptor) == 0, rename(temporary, destination) == 0 else {
                throw StorageError.io("cannot move the download to \(destination): \(POSIXFile.errorText())")
            }
        } catch {
            unlink(temporary)
            throw error
        }
    }
}
