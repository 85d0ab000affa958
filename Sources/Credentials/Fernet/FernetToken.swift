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
    static let ivRange = 9..<headerByteCount

    /// The decoded token.
    let bytes: [UInt8]
    let timestamp: UInt64

    /// Where the MAC starts: version, timestamp, IV and ciphertext come before it.
    var macStart: Int { bytes.count - Self.macByteCount }

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
        var timestamp: UInt64 = 0
        for index in 1..<9 {
            timestamp = timestamp << 8 | UInt64(bytes[index])
        }
        self.timestamp = timestamp
        self.bytes = bytes
    }

    /// Calls `body` with the signed bytes (everything before the MAC), the IV, the ciphertext and the MAC.
    func withParts<R>(
        _ body: (
            _ signed: UnsafeRawBufferPointer,
            _ iv: UnsafeRawBufferPointer,
            _ ciphertext: UnsafeRawBufferPointer,
            _ mac: UnsafeRawBufferPointer
        ) throws -> R
    ) rethrows -> R {
        let macStart = macStart
        return try bytes.withUnsafeBytes { all in
            try body(
                UnsafeRawBufferPointer(rebasing: all[..<macStart]),
                UnsafeRawBufferPointer(rebasing: all[Self.ivRange]),
                UnsafeRawBufferPointer(rebasing: all[Self.headerByteCount..<macStart]),
                UnsafeRawBufferPointer(rebasing: all[macStart...])
            )
        }
    }

    /// Writes the header (version, big-endian timestamp) to the first 9 bytes at `output`.
    static func writeHeader(timestamp: UInt64, to output: UnsafeMutablePointer<UInt8>) {
        output[0] = version
        for index in 0..<8 {
            output[1 + index] = UInt8(truncatingIfNeeded: timestamp >> UInt64(56 - 8 * index))
        }
    }
}
