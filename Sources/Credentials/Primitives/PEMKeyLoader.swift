import COpenSSL

/// Reads one RSA key from PEM text through a memory BIO.
enum PEMKeyLoader {
    static func load(pem: String, operation: String, read: (OpaquePointer) -> OpaquePointer?) throws -> OpaquePointer {
        OpenSSLCall.begin()
        let bytes = Array(pem.utf8)
        guard !bytes.isEmpty else {
            throw CryptoError(operation: operation, reasons: ["empty PEM input"])
        }
        guard bytes.count <= Int(Int32.max) else {
            throw CryptoError(operation: operation, reasons: ["PEM input too large"])
        }
        let key: OpaquePointer = try bytes.withUnsafeBytes { buffer in
            let bio = try OpenSSLCall.check(BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)), "BIO_new_mem_buf")
            defer { BIO_free(bio) }
            return try OpenSSLCall.check(read(bio), operation)
        }
        guard cossl_EVP_PKEY_is_RSA(key) == 1 else {
            EVP_PKEY_free(key)
            throw CryptoError(operation: operation, reasons: ["the PEM key is not an RSA key"])
        }
        return key
    }
}
