import COpenSSL

/// HMAC-SHA256 (RFC 2104, FIPS 198-1).
///
/// Computed with precomputed inner and outer SHA-256 states (see ``HMACSHA256Key``) over libcrypto's
/// SHA-256 block functions: no OpenSSL context is allocated per message.
public enum HMACSHA256 {
    /// Size of an HMAC-SHA256 tag in bytes.
    public static let byteCount = 32

    /// Computes the HMAC-SHA256 of `message` under `key`.
    public static func authenticationCode(
        for message: some Sequence<UInt8>,
        key: some Sequence<UInt8>
    ) throws -> [UInt8] {
        key.withContiguousBytes { keyBytes in
            message.withContiguousBytes { messageBytes in
                authenticationCode(for: messageBytes, key: keyBytes)
            }
        }
    }

    /// Returns whether `tag` is the HMAC-SHA256 of `message` under `key`, comparing in constant time.
    public static func isValidAuthenticationCode(
        _ tag: some Sequence<UInt8>,
        for message: some Sequence<UInt8>,
        key: some Sequence<UInt8>
    ) throws -> Bool {
        ConstantTime.equals(try authenticationCode(for: message, key: key), tag)
    }

    /// The HMAC of `message` under `key`, for callers that already hold contiguous bytes.
    static func authenticationCode(for message: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: byteCount) { tag, initialized in
            guard let base = tag.baseAddress else { return }
            authenticationCode(for: message, key: key, into: base)
            initialized = byteCount
        }
    }

    /// Writes the HMAC of `message` under `key` to the 32 bytes at `tag`.
    static func authenticationCode(
        for message: UnsafeRawBufferPointer,
        key: UnsafeRawBufferPointer,
        into tag: UnsafeMutablePointer<UInt8>
    ) {
        // The C helper never dereferences a NULL pointer for a zero length.
        cossl_hmac_sha256_oneshot(key.baseAddress, key.count, message.baseAddress, message.count, tag)
    }
}

/// An HMAC-SHA256 key prepared once (RFC 2104's precomputed inner and outer states) and then
/// used for any number of messages, from any number of threads.
///
/// The states are key-equivalent secrets: they live in a private allocation that is wiped with
/// `OPENSSL_cleanse` on deinit, and the type prints and dumps as `<redacted>`.
///
/// `@unchecked Sendable`: the state is written once in `init` and only read (copied onto the
/// caller's stack) afterwards.
final class HMACSHA256Key: @unchecked Sendable {
    private let state: UnsafeMutablePointer<cossl_hmac_sha256_key>

    /// Prepares `key`.
    init(_ key: UnsafeRawBufferPointer) {
        state = .allocate(capacity: 1)
        cossl_hmac_sha256_prepare(state, key.baseAddress, key.count)
    }

    /// Prepares the bytes of `secret`.
    init(_ secret: Secret) {
        let state = UnsafeMutablePointer<cossl_hmac_sha256_key>.allocate(capacity: 1)
        secret.withRevealedBytes { key in
            cossl_hmac_sha256_prepare(state, key.baseAddress, key.count)
        }
        self.state = state
    }

    deinit {
        OPENSSL_cleanse(state, MemoryLayout<cossl_hmac_sha256_key>.size)
        state.deallocate()
    }

    /// Writes the HMAC of `message` to the 32 bytes at `tag`.
    @inline(__always)
    func authenticationCode(for message: UnsafeRawBufferPointer, into tag: UnsafeMutablePointer<UInt8>) {
        cossl_hmac_sha256(state, message.baseAddress, message.count, tag)
    }

    /// The HMAC of `message`.
    func authenticationCode(for message: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: HMACSHA256.byteCount) { tag, initialized in
            guard let base = tag.baseAddress else { return }
            authenticationCode(for: message, into: base)
            initialized = HMACSHA256.byteCount
        }
    }
}

extension HMACSHA256Key: CustomStringConvertible, CustomReflectable {
    var description: String { "HMACSHA256Key(\(Secret.placeholder))" }
    var customMirror: Mirror { Mirror(self, children: [:]) }
}
