import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that readers see either the old content or the complete new content.
///
/// The bytes go to a temporary file in the destination's folder, which is fsynced, renamed over
/// the destination and followed by an fsync of the folder, so the rename itself is durable. On
/// failure the temporary file is removed.
enum AtomicFile {
    /// Atomically replaces `url` with `bytes`.
    static func write(_ bytes: [UInt8], to url: URL) throws(FileWriteError) {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(temporary, "cannot create") }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { raw in
                systemWrite(descriptor, raw.baseAddress?.advanced(by: written), raw.count - written)
            }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                let error = failure(temporary, "cannot write")
                close(descriptor)
                unlink(temporary.path)
                throw error
            }
            written += result
        }
        guard fsync(descriptor) == 0 else {
            let error = failure(temporary, "cannot fsync")
            close(descriptor)
            unlink(temporary.path)
            throw error
        }
        close(descriptor)
        guard rename(temporary.path, url.path) == 0 else {
            let error = failure(url, "cannot rename the temporary file into place")
            unlink(temporary.path)
            throw error
        }
        try syncFolder(folder)
    }

    /// Flushes a folder's entries (new names, renames, removals) to disk.
    static func syncFolder(_ folder: URL) throws(FileWriteError) {
        let descriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(folder, "cannot open the folder") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure(folder, "cannot fsync the folder") }
    }

    private static func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(descriptor, buffer, count)
        #else
        return Darwin.write(descriptor, buffer, count)
        #endif
    }

    private static func failure(_ url: URL, _ action: String) -> FileWriteError {
        FileWriteError(path: url.path, reason: "\(action): \(String(cString: strerror(errno)))")
    }
}
