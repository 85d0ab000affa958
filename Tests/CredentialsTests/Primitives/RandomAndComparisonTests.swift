import Credentials
import Testing

@Suite("Secure random bytes and constant-time comparison")
struct RandomAndComparisonTests {
    @Test("random bytes have the requested length and differ between draws")
    func randomBytes() throws {
        #expect(try SecureRandom.bytes(count: 0).isEmpty)
        let first = try SecureRandom.bytes(count: 32), second = try SecureRandom.bytes(count: 32)
        #expect(first.count == 32)
        // Equal draws of 256 random bits would mean a broken generator (probability 2^-256).
        #expect(first != second)
        #expect(throws: CryptoError.self) { try SecureRandom.bytes(count: -1) }
    }

    @Test("constant-time equality")
    func constantTimeEquality() {
        #expect(ConstantTime.equals([UInt8](), [UInt8]()))
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([1, 2, 3], [0, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(!ConstantTime.equals([UInt8](), [0]))
        #expect(ConstantTime.equals("abc".utf8, [0x61, 0x62, 0x63]))
    }
}
