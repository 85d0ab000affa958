/// The binary layout of a Fernet token (https://github.com/fernet/spec):
///
/// `version (0x80) ‖ timestamp (UInt64 big-endian) ‖ IV (16) ‖ ciphertext (n·16) ‖ HMAC (32)`,
/// the whole url-safe base64 encoded with padding.
///
/// Parsing checks only the structure; the MAC is verified by ``Fernet``.
struct FernetToken {
    static let version: UInt8 = 0x80
    static let headerByteCount = 1 + 8 + 16
    static let macByteCount = 32

    /// Version, timestamp, IV and ciphertext: the bytes the HMAC covers.
    let signedBytes: ArraySlice<UInt8>
    let timestamp: UInt64
    let iv: ArraySlice<UInt8>
    let ciphertext: ArraySlice<UInt8>
    let mac: ArraySlice<UInt8>

    /// Parses `text`, which must be strict url-safe base64 with padding.
    ///
    /// Python's decoder also accepts the `+`/`/` alphabet and skips characters outside the alphabet
    /// (line breaks, `!`); this parser refuses them, so every token has exactly one spelling.
    init(parsing text: String) throws(FernetError) {
        guard let bytes = try? Base64.decode(text, alphabet: .urlSafe, padding: .padded) else {
            throw .invalidToken
        }
        let ciphertextCount = bytes.count - Self.headerByteCount - Self.macByteCount
        guard
            bytes.first == Self.version,
            ciphertextCount >= AES128CBC.blockByteCount,
            ciphertextCount.isMultiple(of: AES128CBC.blockByteCount)
        else {
            throw .invalidToken
        }
        timestamp = bytes[1..<9].reduce(0) { $0 << 8 | UInt64($1) }
        iv = bytes[9..<Self.headerByteCount]
        let macStart = bytes.count - Self.macByteCount
        ciphertext = bytes[Self.headerByteCount..<macStart]
        signedBytes = bytes[..<macStart]
        mac = bytes[macStart...]
    }

    /// Serialises the unsigned part of a token.
    static func signedBytes(timestamp: UInt64, iv: [UInt8], ciphertext: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [version]
        bytes.reserveCapacity(headerByteCount + ciphertext.count + macByteCount)
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: timestamp >> UInt64(shift)))
        }
        bytes.append(contentsOf: iv)
        bytes.append(contentsOf: ciphertext)
        return bytes
    }
}
