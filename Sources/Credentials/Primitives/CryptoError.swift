import COpenSSL

/// A failure reported by a cryptographic primitive.
///
/// Errors raised by OpenSSL carry OpenSSL's own reason strings (from `ERR_get_error` and
/// `ERR_error_string_n`), so that a log line says *why* libcrypto refused, e.g.
/// `error:1E08010C:DECODER routines::unsupported`. Errors never contain key material.
public struct CryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The operation that failed, e.g. `"EVP_DigestSign"` or `"RSAPrivateKey(pem:)"`.
    public let operation: String
    /// OpenSSL's error strings for this failure, oldest first, or a Swift-side explanation.
    public let reasons: [String]

    /// Creates an error for `operation` with the given reasons.
    public init(operation: String, reasons: [String]) {
        self.operation = operation
        self.reasons = reasons
    }

    public var description: String {
        reasons.isEmpty
            ? "\(operation) failed"
            : "\(operation) failed: \(reasons.joined(separator: "; "))"
    }

    /// Drains this thread's OpenSSL error queue into an error for `operation`.
    static func openSSL(_ operation: String) -> CryptoError {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        if reasons.isEmpty {
            reasons.append("no reason on the OpenSSL error queue")
        }
        return CryptoError(operation: operation, reasons: reasons)
    }
}

/// Helpers shared by the OpenSSL wrappers.
enum OpenSSLCall {
    /// Clears stale errors on this thread so that a later failure reports only its own reasons.
    static func begin() {
        ERR_clear_error()
    }

    /// Throws `CryptoError.openSSL(operation)` unless `result` is 1 (OpenSSL's success value).
    static func check(_ result: Int32, _ operation: String) throws {
        guard result == 1 else { throw CryptoError.openSSL(operation) }
    }

    /// Unwraps a pointer returned by OpenSSL, throwing the queued reasons when it is `nil`.
    static func check<T>(_ pointer: T?, _ operation: String) throws -> T {
        guard let pointer else { throw CryptoError.openSSL(operation) }
        return pointer
    }
}

extension Sequence<UInt8> {
    /// Calls `body` with the bytes of this sequence in contiguous memory, copying only when needed.
    func withContiguousBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if let result = try withContiguousStorageIfAvailable({ try body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return try Array(self).withUnsafeBytes(body)
    }
}
