import COpenSSL

/// An RSA public key that verifies RSASSA-PKCS1-v1_5 SHA-256 signatures.
///
/// `@unchecked Sendable` for the same reason as ``RSAPrivateKey``: the key is immutable.
public final class RSAPublicKey: @unchecked Sendable {
    private let key: OpaquePointer

    /// Parses the first `BEGIN PUBLIC KEY` block in `pem`.
    public init(pem: String) throws {
        key = try PEMKeyLoader.load(pem: pem, operation: "RSAPublicKey(pem:)") { bio in
            cossl_PEM_read_bio_PUBKEY(bio)
        }
    }

    deinit {
        EVP_PKEY_free(key)
    }

    /// Returns whether `signature` is a valid RSASSA-PKCS1-v1_5 SHA-256 signature of `message`.
    ///
    /// A wrong signature gives `false`; only an OpenSSL malfunction throws.
    public func isValidSignature(_ signature: some Sequence<UInt8>, for message: some Sequence<UInt8>) throws -> Bool {
        OpenSSLCall.begin()
        let context = try OpenSSLCall.check(EVP_MD_CTX_new(), "EVP_MD_CTX_new")
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        try OpenSSLCall.check(EVP_DigestVerifyInit(context, &keyContext, EVP_sha256(), nil, key), "EVP_DigestVerifyInit")
        try OpenSSLCall.check(cossl_EVP_PKEY_CTX_set_PKCS1_padding(keyContext), "EVP_PKEY_CTX_set_rsa_padding")
        let signatureBytes = Array(signature)
        let result = message.withContiguousBytes { bytes in
            EVP_DigestVerify(
                context, signatureBytes, signatureBytes.count,
                bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count
            )
        }
        // 1: valid; 0: invalid signature; negative: error. A mismatch also queues an error; drop it.
        ERR_clear_error()
        return result == 1
    }
}
