import COpenSSL
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

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

/// Random bytes for public values that must be unpredictable, such as CBC IVs, served from a
/// buffer refilled with `RAND_bytes` 4 KiB at a time.
///
/// `RAND_bytes` costs about 0.9 µs per call whatever the size up to a few KiB (DRBG locking and
/// setup), more than a whole Fernet encryption's AES work, so small requests share one call.
/// Each byte is handed out once and zeroed as it leaves the buffer. A forked child must never
/// replay its parent's bytes: a `pthread_atfork` child handler bumps a generation counter, and a
/// buffer filled under another generation is discarded before use.
///
/// Do not use this for keys; ``SecureRandom/bytes(count:)`` serves those straight from the DRBG.
enum RandomPool {
    private static let capacity = 4096
    private static let largestPooledRequest = 64

    /// Only touched under the mutex, hence `@unchecked Sendable`.
    private struct State: ~Copyable, @unchecked Sendable {
        let buffer: UnsafeMutablePointer<UInt8>
        var available: Int
        var generation: UInt64
    }

    private static let state = Mutex(State(buffer: .allocate(capacity: capacity), available: 0, generation: 0))

    /// Fills `output` with random bytes.
    static func fill(_ output: UnsafeMutableRawBufferPointer) throws {
        guard output.count > 0, let target = output.baseAddress else { return }
        // Without the fork handler (registration failed), pooling could repeat bytes in a child.
        guard output.count <= largestPooledRequest, RandomPoolFork.isRegistered else {
            try OpenSSLCall.check(RAND_bytes(target.assumingMemoryBound(to: UInt8.self), Int32(output.count)), "RAND_bytes")
            return
        }
        try state.withLock { state throws in
            let generation = RandomPoolFork.generation.load(ordering: .acquiring)
            if state.generation != generation {
                OPENSSL_cleanse(state.buffer, capacity)
                state.available = 0
                state.generation = generation
            }
            if state.available < output.count {
                guard RAND_bytes(state.buffer, Int32(capacity)) == 1 else {
                    state.available = 0
                    throw CryptoError.openSSL("RAND_bytes")
                }
                state.available = capacity
            }
            let start = state.buffer + (state.available - output.count)
            target.copyMemory(from: start, byteCount: output.count)
            start.update(repeating: 0, count: output.count)
            state.available -= output.count
        }
    }
}

/// The fork generation counter behind ``RandomPool``.
enum RandomPoolFork {
    static let generation = Atomic<UInt64>(0)

    /// Whether the `pthread_atfork` child handler is installed (installed on first use, once per process).
    static let isRegistered: Bool = {
        pthread_atfork(nil, nil) {
            RandomPoolFork.generation.add(1, ordering: .releasing)
        } == 0
    }()
}
