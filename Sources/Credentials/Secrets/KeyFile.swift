import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small file of key material in the state folder: written atomically with mode 0600 from the start,
/// and refused when its group or other users can read it.
public struct KeyFile: Sendable {
    /// The file's path.
    public let path: String

    /// Names the file at `path`; nothing is read or created yet.
    public init(path: String) {
        self.path = path
    }

    /// Whether the file exists.
    public var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// The file's text, after checking that only its owner can read it.
    public func read() throws(KeyFileError) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .unreadable(path) }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else { throw .tooOpen(path, mode: mode) }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path)
        }
        return text
    }

    /// Replaces the file's contents atomically (temporary file, fsync, rename), creating its folder with mode 0700.
    public func write(_ text: String) throws(KeyFileError) {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .unwritable(path, errno: EACCES)
        }
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .unwritable(path, errno: errno) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == bytes.count, synced == 0, rename(temporary, path) == 0 else {
            let error = errno
            unlink(temporary)
            throw .unwritable(path, errno: error)
        }
    }
}

/// Why a key file could not be read or written.
public enum KeyFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(String)
    case unwritable(String, errno: Int32)
    case tooOpen(String, mode: mode_t)

    /// A stable error code.
    public var code: String {
        switch self {
        case .unreadable: "keys.unreadable"
        case .unwritable: "keys.unwritable"
        case .tooOpen: "keys.permissions"
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let path): "\(code): cannot read the key file \(path)"
        case .unwritable(let path, let error): "\(code): cannot write the key file \(path): \(String(cString: strerror(error)))"
        case .tooOpen(let path, let mode):
            "\(code): the key file \(path) has mode \(String(mode, radix: 8)); it must not be readable by group or others (chmod 600)"
        }
    }
}
