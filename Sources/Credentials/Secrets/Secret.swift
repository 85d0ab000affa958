import COpenSSL

/// Secret bytes (a password, an API secret, a key) that never show up in logs.
///
/// `description`, `debugDescription`, string interpolation, `dump`, `Mirror` and `Encodable` all
/// produce `<redacted>`, so a struct holding a `Secret` can be printed or encoded without leaking it.
/// The only ways to the value are the explicit, greppable accessors ``revealedBytes``,
/// ``revealedString`` and ``withRevealedBytes(_:)``.
///
/// Equality is evaluated in constant time. The bytes live in a private buffer that is wiped with
/// `OPENSSL_cleanse` when the last copy of the secret goes away.
public struct Secret: Sendable, Equatable {
    /// What every textual or encoded form of a secret shows instead of the value.
    public static let placeholder = "<redacted>"

    private let storage: Storage

    /// Wraps a copy of `bytes`.
    public init(bytes: some Sequence<UInt8>) {
        storage = Storage(Array(bytes))
    }

    /// Wraps the UTF-8 bytes of `string`.
    public init(_ string: String) {
        self.init(bytes: string.utf8)
    }

    /// Number of bytes in the secret. The length is not considered secret.
    public var byteCount: Int { storage.buffer.count }

    /// A copy of the secret bytes. Prefer ``withRevealedBytes(_:)``, which makes no copy.
    public var revealedBytes: [UInt8] {
        Array(storage.buffer)
    }

    /// The secret decoded as UTF-8, or `nil` if the bytes are not valid UTF-8.
    public var revealedString: String? {
        String(validating: storage.buffer, as: UTF8.self)
    }

    /// Calls `body` with the secret bytes. The buffer must not escape `body`.
    public func withRevealedBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(storage.buffer))
    }

    /// Whether both values share one storage (a copy of the same `Secret`); says nothing about contents.
    func hasSameStorage(as other: Secret) -> Bool {
        storage === other.storage
    }

    /// Constant-time comparison (see ``ConstantTime/equals(_:_:)``).
    public static func == (lhs: Secret, rhs: Secret) -> Bool {
        ConstantTime.equals(lhs.storage.buffer, rhs.storage.buffer)
    }

    /// Owns the bytes and wipes them on deallocation.
    ///
    /// `@unchecked Sendable`: the buffer is written once in `init` and only read afterwards.
    private final class Storage: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<UInt8>

        init(_ bytes: [UInt8]) {
            // Allocate at least one byte so that `baseAddress` is never nil.
            let allocation = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
            _ = allocation.initialize(from: bytes)
            buffer = UnsafeMutableBufferPointer(rebasing: allocation[..<bytes.count])
            base = allocation
        }

        private let base: UnsafeMutableBufferPointer<UInt8>

        deinit {
            OPENSSL_cleanse(base.baseAddress, base.count)
            base.deallocate()
        }
    }
}

extension Secret: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable, Encodable {
    public var description: String { Self.placeholder }
    public var debugDescription: String { Self.placeholder }
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// Encodes the string `<redacted>`, never the value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Self.placeholder)
    }
}

/// Overwrites `bytes` with zeros in a way the optimiser cannot remove (`OPENSSL_cleanse`).
func wipe(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { buffer in
        OPENSSL_cleanse(buffer.baseAddress, buffer.count)
    }
}
