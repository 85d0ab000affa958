import COpenSSL

/// AES-128 in CBC mode with PKCS#7 padding, over OpenSSL's `EVP_CIPHER_CTX`.
///
/// CBC without authentication is malleable: use it only inside a construction that authenticates
/// the ciphertext first, as ``Fernet`` does.
public enum AES128CBC {
    /// Key size in bytes.
    public static let keyByteCount = 16
    /// Block and IV size in bytes.
    public static let blockByteCount = 16

    /// Encrypts `plaintext` (any length) and returns the padded ciphertext.
    public static func encrypt(
        _ plaintext: some Sequence<UInt8>,
        key: some Sequence<UInt8>,
        iv: some Sequence<UInt8>
    ) throws -> [UInt8] {
        try run(plaintext, key: Array(key), iv: Array(iv), encrypting: true)
    }

    /// Decrypts `ciphertext` and strips the PKCS#7 padding.
    ///
    /// Throws when the ciphertext is not a whole number of blocks or the padding is invalid;
    /// callers that must not reveal padding validity should map every failure to one error.
    public static func decrypt(
        _ ciphertext: some Sequence<UInt8>,
        key: some Sequence<UInt8>,
        iv: some Sequence<UInt8>
    ) throws -> [UInt8] {
        try run(ciphertext, key: Array(key), iv: Array(iv), encrypting: false)
    }

    private static func run(
        _ input: some Sequence<UInt8>,
        key: [UInt8],
        iv: [UInt8],
        encrypting: Bool
    ) throws -> [UInt8] {
        let operation = encrypting ? "AES-128-CBC encrypt" : "AES-128-CBC decrypt"
        guard key.count == keyByteCount else {
            throw CryptoError(operation: operation, reasons: ["key must be \(keyByteCount) bytes, got \(key.count)"])
        }
        guard iv.count == blockByteCount else {
            throw CryptoError(operation: operation, reasons: ["IV must be \(blockByteCount) bytes, got \(iv.count)"])
        }
        OpenSSLCall.begin()
        let context = try OpenSSLCall.check(EVP_CIPHER_CTX_new(), "EVP_CIPHER_CTX_new")
        defer { EVP_CIPHER_CTX_free(context) }
        try OpenSSLCall.check(
            EVP_CipherInit_ex(context, EVP_aes_128_cbc(), nil, key, iv, encrypting ? 1 : 0),
            "EVP_CipherInit_ex"
        )
        return try input.withContiguousBytes { bytes in
            guard bytes.count <= Int(Int32.max) - blockByteCount else {
                throw CryptoError(operation: operation, reasons: ["input too large"])
            }
            var output = [UInt8](repeating: 0, count: bytes.count + blockByteCount)
            var written: Int32 = 0
            var finalWritten: Int32 = 0
            try output.withUnsafeMutableBufferPointer { out in
                let base = out.baseAddress
                try OpenSSLCall.check(
                    EVP_CipherUpdate(
                        context, base, &written,
                        bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(bytes.count)
                    ),
                    "EVP_CipherUpdate"
                )
                try OpenSSLCall.check(
                    EVP_CipherFinal_ex(context, base.map { $0 + Int(written) }, &finalWritten),
                    "EVP_CipherFinal_ex"
                )
            }
            output.removeSubrange(Int(written + finalWritten)...)
            return output
        }
    }
}
