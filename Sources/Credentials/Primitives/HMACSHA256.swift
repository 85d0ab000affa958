import COpenSSL

/// HMAC-SHA256 (RFC 2104, FIPS 198-1) over OpenSSL's `EVP_MAC` interface.
public enum HMACSHA256 {
    /// Size of an HMAC-SHA256 tag in bytes.
    public static let byteCount = 32

    /// Computes the HMAC-SHA256 of `message` under `key`.
    public static func authenticationCode(
        for message: some Sequence<UInt8>,
        key: some Sequence<UInt8>
    ) throws -> [UInt8] {
        OpenSSLCall.begin()
        let mac = try HMACAlgorithm.shared.mac.get()
        let context = try OpenSSLCall.check(EVP_MAC_CTX_new(mac), "EVP_MAC_CTX_new")
        defer { EVP_MAC_CTX_free(context) }
        try key.withContiguousBytes { keyBytes in
            // OpenSSL rejects a NULL key pointer even for a zero-length key; point at a dummy byte.
            var empty: UInt8 = 0
            let pointer = keyBytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
            let result = withUnsafePointer(to: &empty) { emptyPointer in
                cossl_EVP_MAC_init_HMAC_SHA256(context, pointer ?? emptyPointer, keyBytes.count)
            }
            try OpenSSLCall.check(result, "EVP_MAC_init")
        }
        try message.withContiguousBytes { bytes in
            try OpenSSLCall.check(
                EVP_MAC_update(context, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count),
                "EVP_MAC_update"
            )
        }
        var tag = [UInt8](repeating: 0, count: byteCount)
        var length = 0
        try OpenSSLCall.check(EVP_MAC_final(context, &tag, &length, tag.count), "EVP_MAC_final")
        return Array(tag.prefix(length))
    }

    /// Returns whether `tag` is the HMAC-SHA256 of `message` under `key`, comparing in constant time.
    public static func isValidAuthenticationCode(
        _ tag: some Sequence<UInt8>,
        for message: some Sequence<UInt8>,
        key: some Sequence<UInt8>
    ) throws -> Bool {
        ConstantTime.equals(try authenticationCode(for: message, key: key), Array(tag))
    }
}

/// The HMAC `EVP_MAC` fetched once per process.
///
/// Fetched algorithm objects are immutable and reference counted; OpenSSL documents them as safe to
/// share between threads, which is why this wrapper is `@unchecked Sendable`. It is never freed:
/// it lives as long as the process, like OpenSSL's own implicitly fetched algorithms.
private final class HMACAlgorithm: @unchecked Sendable {
    static let shared = HMACAlgorithm()

    let mac: Result<OpaquePointer, CryptoError>

    private init() {
        OpenSSLCall.begin()
        if let fetched = cossl_EVP_MAC_fetch_HMAC() {
            mac = .success(fetched)
        } else {
            mac = .failure(CryptoError.openSSL("EVP_MAC_fetch(HMAC)"))
        }
    }
}
