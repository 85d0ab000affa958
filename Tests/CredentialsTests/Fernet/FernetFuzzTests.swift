import Credentials
import Testing

/// SplitMix64: a small, seedable generator so that fuzz runs are reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Fernet fuzzing")
struct FernetFuzzTests {
    static let iterations = 100_000
    static let seed: UInt64 = 0x7261_696E_7961_7264

    enum Shape: CaseIterable {
        case randomText, mutatedToken, structurallyValidRandomBytes, spliced
    }

    @Test("100,000 random and mutated tokens are all refused without crashing (seeded)")
    func fuzzDecrypt() throws {
        var rng = SplitMix64(seed: Self.seed)
        let keyring = try FernetKeyring(keys: [FernetKey.testKey(seed: 3), FernetKey.testKey(seed: 4)])
        let valid = try (0..<8).map { index in
            try keyring.encrypt((0..<(index * 13)).map { UInt8(truncatingIfNeeded: $0) }, timestamp: 1_700_000_000)
        }
        let characters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ \n!%".utf8)
        var refused = 0, unchanged = 0
        for _ in 0..<Self.iterations {
            let candidate: String
            switch Shape.allCases.randomElement(using: &rng) ?? .randomText {
            case .randomText:
                let length = Int.random(in: 0...200, using: &rng)
                candidate = String(decoding: (0..<length).map { _ in characters.randomElement(using: &rng) ?? 65 }, as: UTF8.self)
            case .mutatedToken:
                var bytes = Array((valid.randomElement(using: &rng) ?? "").utf8)
                for _ in 0..<Int.random(in: 1...4, using: &rng) where !bytes.isEmpty {
                    let position = Int.random(in: 0..<bytes.count, using: &rng)
                    switch Int.random(in: 0..<4, using: &rng) {
                    case 0: bytes[position] = characters.randomElement(using: &rng) ?? 65
                    case 1: bytes.remove(at: position)
                    case 2: bytes.insert(characters.randomElement(using: &rng) ?? 65, at: position)
                    default: bytes.removeSubrange(position...)
                    }
                }
                candidate = String(decoding: bytes, as: UTF8.self)
            case .structurallyValidRandomBytes:
                // Right version byte and length, so decryption gets as far as the MAC check.
                let blocks = Int.random(in: 1...4, using: &rng)
                let body = (0..<(8 + 16 + blocks * 16 + 32)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                candidate = Base64.encode([0x80] + body, alphabet: .urlSafe)
            case .spliced:
                let first = valid.randomElement(using: &rng) ?? "", second = valid.randomElement(using: &rng) ?? ""
                let cut = Int.random(in: 0...min(first.count, second.count), using: &rng)
                candidate = String(first.prefix(cut)) + String(second.dropFirst(cut))
            }
            if valid.contains(candidate) {
                unchanged += 1  // a mutation that restored a valid token; it must decrypt
                #expect(throws: Never.self) { try keyring.decrypt(candidate) }
                continue
            }
            do {
                _ = try keyring.decrypt(candidate, ttl: 60, now: 1_700_000_000)
                Issue.record("decrypted a fuzzed token: \(candidate)")
            } catch {
                refused += 1
            }
        }
        #expect(refused + unchanged == Self.iterations)
        #expect(refused > Self.iterations * 9 / 10)
    }
}
