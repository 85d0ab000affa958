import COpenSSL

/// An RSA private key for RSASSA-PKCS1-v1_5 signatures with SHA-256 ("RS256", `GOOG4-RSA-SHA256`).
///
/// Loaded from PEM: PKCS#1 (`BEGIN RSA PRIVATE KEY`) or PKCS#8 (`BEGIN PRIVATE KEY`), unencrypted.
/// The OpenSSL key object never leaves this type. The key describes, dumps and encodes itself as
/// `<redacted>`.
///
/// `@unchecked Sendable`: the wrapped `EVP_PKEY` is never mutated after loading, and OpenSSL 3
/// allows concurrent signing operations on one key, each with its own `EVP_MD_CTX`.
public final class RSAPrivateKey: @unchecked Sendable {
    private let key: OpaquePointer

    /// Parses the first private key in `pem`.
    ///
    /// Throws ``CryptoError`` carrying OpenSSL's reason when the text is not a PEM private key,
    /// is encrypted, or holds a non-RSA key.
    public init(pem: String) throws {
        key = try PEMKeyLoader.load(pem: pem, operation: "RSAPrivateKey(pem:)") { bio in
            cossl_PEM_read_bio_PrivateKey(bio)
        }
    }

    deinit {
        EVP_PKEY_free(key)
    }

    /// Size of the modulus in bits.
    public var bitCount: Int {
        Int(EVP_PKEY_get_bits(key))
    }

    /// Signs `message` with RSASSA-PKCS1-v1_5 over SHA-256 (RFC 8017 section 8.2).
    ///
    /// Deterministic: the same key and message always give the same signature.
    public func signature(for message: some Sequence<UInt8>) throws -> [UInt8] {
        OpenSSLCall.begin()
        let context = try OpenSSLCall.check(EVP_MD_CTX_new(), "EVP_MD_CTX_new")
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        try OpenSSLCall.check(EVP_DigestSignInit(context, &keyContext, EVP_sha256(), nil, key), "EVP_DigestSignInit")
        try OpenSSLCall.check(cossl_EVP_PKEY_CTX_set_PKCS1_padding(keyContext), "EVP_PKEY_CTX_set_rsa_padding")
        return try message.withContiguousBytes { bytes in
            let data = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
            var length = 0
            try OpenSSLCall.check(EVP_DigestSign(context, nil, &length, data, bytes.count), "EVP_DigestSign")
            var signature = [UInt8](repeating: 0, count: length)
            try OpenSSLCall.check(EVP_DigestSign(context, &signature, &length, data, bytes.count), "EVP_DigestSign")
            return Array(signature.prefix(length))
        }
    }

    /// The matching public key, as a `BEGIN PUBLIC KEY` (SubjectPublicKeyInfo) PEM document.
    public func publicKeyPEM() throws -> String {
        OpenSSLCall.begin()
        let bio = try OpenSSLCall.check(BIO_new(BIO_s_mem()), "BIO_new")
        defer { BIO_free(bio) }
        try OpenSSLCall.check(PEM_write_bio_PUBKEY(bio, key), "PEM_write_bio_PUBKEY")
        var data: UnsafeMutablePointer<CChar>?
        let length = cossl_BIO_get_mem_data(bio, &data)
        guard let data, length > 0 else {
            throw CryptoError.openSSL("BIO_get_mem_data")
        }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
    }
}

extension RSAPrivateKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable, Encodable {
    public var description: String { "RSAPrivateKey(<redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// Encodes the string `<redacted>`: a private key is never serialised by accident.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Secret.placeholder)
    }
}
