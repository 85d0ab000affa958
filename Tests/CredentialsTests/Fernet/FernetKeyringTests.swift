import Credentials
import Testing

@Suite("Fernet keyring rotation")
struct FernetKeyringTests {
    let old = FernetKey.testKey(seed: 10)
    let new = FernetKey.testKey(seed: 11)

    @Test("tokens made with an old key still decrypt after rotation")
    func oldTokensDecrypt() throws {
        let oldToken = try Fernet(key: old).encrypt(Array("old".utf8))
        let ring = try FernetKeyring(keys: [old]).rotated(to: new)
        #expect(ring.primary == new)
        #expect(ring.keys == [new, old])
        #expect(try ring.decrypt(oldToken) == Array("old".utf8))
    }

    @Test("the primary key encrypts")
    func primaryEncrypts() throws {
        let ring = try FernetKeyring(keys: [new, old])
        let token = try ring.encrypt(Array("fresh".utf8))
        #expect(try Fernet(key: new).decrypt(token) == Array("fresh".utf8))
        #expect(throws: FernetError.invalidToken) { try Fernet(key: old).decrypt(token) }
    }

    @Test("reseal re-encrypts under the newest key and keeps the original timestamp")
    func reseal() throws {
        let sealedAt: UInt64 = 1_600_000_000
        let oldToken = try Fernet(key: old).encrypt(Array("payload".utf8), timestamp: sealedAt)
        let ring = try FernetKeyring(keys: [new, old])
        let resealed = try ring.reseal(oldToken)
        #expect(resealed != oldToken)
        #expect(try Fernet(key: new).decrypt(resealed) == Array("payload".utf8))
        #expect(throws: FernetError.invalidToken) { try Fernet(key: old).decrypt(resealed) }
        #expect(try Fernet(key: new).timestamp(of: resealed) == sealedAt)
        // Resealing a token already under the primary key gives a new IV, same plaintext and time.
        let again = try ring.reseal(resealed)
        #expect(again != resealed)
        #expect(try Fernet(key: new).timestamp(of: again) == sealedAt)
    }

    @Test("once the old key is removed, its tokens fail")
    func removedKeyFails() throws {
        let oldToken = try Fernet(key: old).encrypt(Array("old".utf8))
        let ring = try FernetKeyring(keys: [new, old]).removing(old)
        #expect(ring.keys == [new])
        #expect(throws: FernetError.invalidToken) { try ring.decrypt(oldToken) }
        #expect(throws: FernetError.invalidToken) { try ring.reseal(oldToken) }
    }

    @Test("a keyring cannot be empty")
    func emptyKeyring() throws {
        #expect(throws: FernetError.self) { try FernetKeyring(keys: []) }
        #expect(throws: FernetError.self) { try FernetKeyring(keys: [old]).removing(old) }
    }

    @Test("rotating to a key already in the ring moves it to the front without duplicating it")
    func rotateToExisting() throws {
        let ring = try FernetKeyring(keys: [new, old]).rotated(to: old)
        #expect(ring.keys == [old, new])
    }

    @Test("an expired token reports expired from the key that authenticated it")
    func expiredThroughKeyring() throws {
        let token = try Fernet(key: old).encrypt([1], timestamp: 1000)
        let ring = try FernetKeyring(keys: [new, old])
        #expect(throws: FernetError.expired) { try ring.decrypt(token, ttl: 10, now: 2000) }
        #expect(try ring.decrypt(token, ttl: 10, now: 1010) == [1])
    }
}
