import COpenSSL
import Synchronization

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

    /// Size of the padded ciphertext of `plaintextCount` bytes.
    static func ciphertextCount(ofPlaintextCount plaintextCount: Int) -> Int {
        (plaintextCount / blockByteCount + 1) * blockByteCount
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
        let context = try key.withUnsafeBytes { key in
            try CipherContext.make(key: key, encrypting: encrypting)
        }
        defer { EVP_CIPHER_CTX_free(context) }
        return try input.withContiguousBytes { bytes in
            guard bytes.count <= Int(Int32.max) - blockByteCount else {
                throw CryptoError(operation: operation, reasons: ["input too large"])
            }
            return try iv.withUnsafeBytes { iv in
                try [UInt8](unsafeUninitializedCapacity: bytes.count + blockByteCount) { output, initialized in
                    initialized = try CipherContext.run(context, input: bytes, iv: iv, output: output)
                }
            }
        }
    }
}

/// The `EVP_CIPHER_CTX` plumbing shared by ``AES128CBC`` and ``AES128CBCKey``.
enum CipherContext {
    /// A new context keyed for one direction (`EVP_CIPHER_fetch`ed AES-128-CBC, fetched once).
    static func make(key: UnsafeRawBufferPointer, encrypting: Bool) throws -> OpaquePointer {
        let cipher = try AESCipher.shared.cipher.get()
        let context = try OpenSSLCall.check(EVP_CIPHER_CTX_new(), "EVP_CIPHER_CTX_new")
        guard EVP_CipherInit_ex(
            context, cipher, nil, key.baseAddress?.assumingMemoryBound(to: UInt8.self), nil, encrypting ? 1 : 0
        ) == 1 else {
            let error = CryptoError.openSSL("EVP_CipherInit_ex")
            EVP_CIPHER_CTX_free(context)
            throw error
        }
        return context
    }

    /// Runs one whole message through a keyed context with a fresh IV: `EVP_CipherInit_ex` with only
    /// the IV resets the context's state, so a context is reusable after success and failure alike.
    ///
    /// `output` must have room for `input.count + 16` bytes. Returns the number of bytes written.
    /// On failure, the OpenSSL error queue is drained into the thrown error.
    static func run(
        _ context: OpaquePointer,
        input: UnsafeRawBufferPointer,
        iv: UnsafeRawBufferPointer,
        output: UnsafeMutableBufferPointer<UInt8>
    ) throws -> Int {
        precondition(iv.count == AES128CBC.blockByteCount && output.count >= input.count + AES128CBC.blockByteCount)
        try OpenSSLCall.check(
            EVP_CipherInit_ex(context, nil, nil, nil, iv.baseAddress?.assumingMemoryBound(to: UInt8.self), -1),
            "EVP_CipherInit_ex"
        )
        var written: Int32 = 0
        var finalWritten: Int32 = 0
        let base = output.baseAddress
        try OpenSSLCall.check(
            EVP_CipherUpdate(
                context, base, &written, input.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(input.count)
            ),
            "EVP_CipherUpdate"
        )
        try OpenSSLCall.check(
            EVP_CipherFinal_ex(context, base.map { $0 + Int(written) }, &finalWritten),
            "EVP_CipherFinal_ex"
        )
        return Int(written + finalWritten)
    }
}

/// An AES-128-CBC key with its encryption and decryption key schedules prepared once.
///
/// Each direction keeps one `EVP_CIPHER_CTX`, created on first use and re-initialised with only the
/// IV per message. A context is used under a lock; a caller that finds it busy (another thread is
/// using the same key at that moment) uses a temporary context instead of waiting.
///
/// `@unchecked Sendable`: the contexts are only touched under their mutexes, and the key bytes are
/// immutable. The contexts hold key schedules; `EVP_CIPHER_CTX_free` wipes them.
final class AES128CBCKey: @unchecked Sendable {
    private let key: Secret
    private let encryptor = Mutex(Slot())
    private let decryptor = Mutex(Slot())

    /// A lazily created context; only touched under its mutex, hence `@unchecked Sendable`.
    private struct Slot: @unchecked Sendable {
        var context: OpaquePointer?
    }

    /// Wraps a 16-byte key.
    init(_ key: Secret) {
        precondition(key.byteCount == AES128CBC.keyByteCount)
        self.key = key
    }

    deinit {
        encryptor.withLock { if let context = $0.context { EVP_CIPHER_CTX_free(context) } }
        decryptor.withLock { if let context = $0.context { EVP_CIPHER_CTX_free(context) } }
    }

    /// Encrypts or decrypts `input` with `iv` into `output` (room for `input.count + 16` bytes);
    /// returns the number of bytes written.
    func run(
        encrypting: Bool,
        input: UnsafeRawBufferPointer,
        iv: UnsafeRawBufferPointer,
        output: UnsafeMutableBufferPointer<UInt8>
    ) throws -> Int {
        encrypting
            ? try run(slot: encryptor, encrypting: true, input: input, iv: iv, output: output)
            : try run(slot: decryptor, encrypting: false, input: input, iv: iv, output: output)
    }

    private func run(
        slot: borrowing Mutex<Slot>,
        encrypting: Bool,
        input: UnsafeRawBufferPointer,
        iv: UnsafeRawBufferPointer,
        output: UnsafeMutableBufferPointer<UInt8>
    ) throws -> Int {
        let result = try slot.withLockIfAvailable { slot throws -> Int in
            let context: OpaquePointer
            if let existing = slot.context {
                context = existing
            } else {
                context = try key.withRevealedBytes { try CipherContext.make(key: $0, encrypting: encrypting) }
                slot.context = context
            }
            return try CipherContext.run(context, input: input, iv: iv, output: output)
        }
        if let result {
            return result
        }
        let context = try key.withRevealedBytes { try CipherContext.make(key: $0, encrypting: encrypting) }
        defer { EVP_CIPHER_CTX_free(context) }
        return try CipherContext.run(context, input: input, iv: iv, output: output)
    }
}

extension AES128CBCKey: CustomStringConvertible, CustomReflectable {
    var description: String { "AES128CBCKey(\(Secret.placeholder))" }
    var customMirror: Mirror { Mirror(self, children: [:]) }
}

/// AES-128-CBC fetched once per process.
///
/// Fetched algorithm objects are immutable and reference counted; OpenSSL documents them as safe to
/// share between threads, which is why this wrapper is `@unchecked Sendable`. It is never freed.
private final class AESCipher: @unchecked Sendable {
    static let shared = AESCipher()

    let cipher: Result<OpaquePointer, CryptoError>

    private init() {
        OpenSSLCall.begin()
        if let fetched = cossl_EVP_CIPHER_fetch_AES_128_CBC() {
            cipher = .success(fetched)
        } else {
            cipher = .failure(CryptoError.openSSL("EVP_CIPHER_fetch(AES-128-CBC)"))
        }
    }
}
