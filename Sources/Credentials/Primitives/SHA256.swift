import COpenSSL

/// SHA-256 (FIPS 180-4) over OpenSSL's `EVP_MD_CTX`.
///
/// Use ``hash(_:)`` for data in memory, or create a value and call ``update(_:)`` repeatedly for
/// streamed data, then ``finalize()``. The type is non-copyable: a streaming hash has exactly one
/// owner, and its OpenSSL context is freed when that owner goes away.
///
/// ```swift
/// let digest = try SHA256.hash(Array("abc".utf8))
/// var hasher = try SHA256()
/// try hasher.update(chunk1)
/// try hasher.update(chunk2)
/// let same = try hasher.finalize()
/// ```
public struct SHA256: ~Copyable {
    /// Size of a SHA-256 digest in bytes.
    public static let byteCount = 32

    private let context: OpaquePointer

    /// Starts a new streaming hash.
    public init() throws {
        OpenSSLCall.begin()
        let context = try OpenSSLCall.check(EVP_MD_CTX_new(), "EVP_MD_CTX_new")
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            let error = CryptoError.openSSL("EVP_DigestInit_ex")
            EVP_MD_CTX_free(context)
            throw error
        }
        self.context = context
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Feeds more bytes into the hash.
    public mutating func update(_ bytes: some Sequence<UInt8>) throws {
        OpenSSLCall.begin()
        try bytes.withContiguousBytes { buffer in
            try OpenSSLCall.check(EVP_DigestUpdate(context, buffer.baseAddress, buffer.count), "EVP_DigestUpdate")
        }
    }

    /// Finishes the hash and returns the 32-byte digest, consuming the hasher.
    public consuming func finalize() throws -> [UInt8] {
        OpenSSLCall.begin()
        var digest = [UInt8](repeating: 0, count: Self.byteCount)
        var length: UInt32 = 0
        try OpenSSLCall.check(EVP_DigestFinal_ex(context, &digest, &length), "EVP_DigestFinal_ex")
        return Array(digest.prefix(Int(length)))
    }

    /// Returns the SHA-256 digest of `bytes`.
    public static func hash(_ bytes: some Sequence<UInt8>) throws -> [UInt8] {
        bytes.withContiguousBytes { hash($0) }
    }

    /// Returns the lower-case hex SHA-256 digest of `bytes`, as SigV4 and GCS V4 signing use it.
    public static func hexDigest(_ bytes: some Sequence<UInt8>) throws -> String {
        Hex.encode(bytes.withContiguousBytes { hash($0) })
    }

    /// The digest of contiguous bytes, without an OpenSSL context (libcrypto's SHA-256 block functions).
    static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: byteCount) { digest, initialized in
            guard let base = digest.baseAddress else { return }
            hash(bytes, into: base)
            initialized = byteCount
        }
    }

    /// Writes the digest of `bytes` to the 32 bytes at `digest`.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer, into digest: UnsafeMutablePointer<UInt8>) {
        cossl_sha256(bytes.baseAddress, bytes.count, digest)
    }
}
