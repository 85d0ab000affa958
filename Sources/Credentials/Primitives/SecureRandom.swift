import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's default DRBG (`RAND_bytes`).
public enum SecureRandom {
    /// Returns `count` random bytes.
    public static func bytes(count: Int) throws -> [UInt8] {
        guard (0...Int(Int32.max)).contains(count) else {
            throw CryptoError(operation: "RAND_bytes", reasons: ["count \(count) is outside 0...\(Int32.max)"])
        }
        var bytes = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return bytes }
        OpenSSLCall.begin()
        try OpenSSLCall.check(RAND_bytes(&bytes, Int32(count)), "RAND_bytes")
        return bytes
    }
}
