import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The on-disk form of one local object: the content, then a JSON trailer describing it, then the trailer's
/// length (8 bytes, little endian) and the magic `TYOBJv1\n`. Content and description are written to a
/// temporary file and renamed into place together, so a reader sees one complete version or the previous one.
enum LocalObjectFile {
    static let magic = Array("TYOBJv1\n".utf8)

    /// The trailer's JSON.
    struct Trailer: Codable {
        var key: String
        var size: Int64
        var sha256: String
        var contentType: String?
        var metadata: [String: String]
    }

    /// Appends the trailer to an open file.
    static func writeTrailer(_ trailer: Trailer, to descriptor: Int32) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = Array(try encoder.encode(trailer))
        var length = UInt64(json.count).littleEndian
        let lengthBytes = withUnsafeBytes(of: &length) { Array($0) }
        try POSIXFile.writeAll(json + lengthBytes + magic, to: descriptor)
    }

    /// Reads the trailer of an object file.
    static func readTrailer(path: String) throws -> (Trailer, modified: Date) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw errno == ENOENT ? StorageError.notFound(path) : StorageError.io("cannot open \(path): \(POSIXFile.errorText())")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw StorageError.io("cannot stat \(path)") }
        let fileSize = Int64(info.st_size)
        guard fileSize >= 16 else { throw StorageError.io("\(path) is not an object file") }
        let tail = try POSIXFile.read(descriptor, at: fileSize - 16, count: 16)
        guard Array(tail[8...]) == magic else { throw StorageError.io("\(path) is not an object file") }
        let length = tail[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard length <= UInt64(fileSize - 16) else { throw StorageError.io("\(path) has a corrupt trailer") }
        let json = try POSIXFile.read(descriptor, at: fileSize - 16 - Int64(length), count: Int(length))
        let trailer = try JSONDecoder().decode(Trailer.self, from: Data(json))
        guard trailer.size == fileSize - 16 - Int64(length) else { throw StorageError.io("\(path) has a corrupt trailer") }
        let modified = Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
        return (trailer, modified)
    }
}

/// Small POSIX file helpers that retry on `EINTR`.
enum POSIXFile {
    static func errorText() -> String { String(cString: strerror(errno)) }

    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw StorageError.io("write failed: \(errorText())")
                }
                offset += written
            }
        }
    }

    /// Reads up to `count` bytes at the current position; an empty result means end of file.
    static func readChunk(_ descriptor: Int32, count: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        while true {
            let got = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw StorageError.io("read failed: \(errorText())")
            }
            buffer.removeSubrange(got...)
            return buffer
        }
    }

    /// Reads exactly `count` bytes at `offset`.
    static func read(_ descriptor: Int32, at offset: Int64, count: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress.map { $0 + done }, count - done, off_t(offset) + off_t(done)) }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { throw StorageError.io("short read: \(got < 0 ? errorText() : "end of file")") }
            done += got
        }
        return buffer
    }

    /// Flushes a file or folder to disk.
    static func sync(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
