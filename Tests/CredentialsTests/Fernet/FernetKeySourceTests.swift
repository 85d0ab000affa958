import Credentials
import Foundation
import Testing

@Suite("Fernet key source")
struct FernetKeySourceTests {
    func temporaryKeyFile() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trainyard-keys-\(UUID().uuidString)")
        return folder.appendingPathComponent("fernet.keys").path
    }

    func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    @Test("the first load creates a 0600 key file, and later loads read the same key")
    func createsKeyFile() throws {
        let path = try temporaryKeyFile()
        let source = FernetKeySource(keyFile: path, environment: [:])
        let first = try source.load()
        #expect(try mode(of: path) == 0o600)
        #expect(first.keys.count == 1)
        let second = try source.load()
        #expect(second == first)
        let token = try first.encrypt(Array("secret".utf8))
        #expect(try second.decrypt(token) == Array("secret".utf8))
    }

    @Test("a key file readable by group or others is refused", arguments: [0o640, 0o604, 0o644])
    func refusesOpenFile(_ permissions: Int) throws {
        let path = try temporaryKeyFile()
        let source = FernetKeySource(keyFile: path, environment: [:])
        _ = try source.load()
        try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: path)
        #expect(throws: FernetKeySourceError.file(.tooOpen(path, mode: mode_t(permissions)))) { try source.load() }
    }

    @Test("TRAINYARD_FERNET_KEY holds several keys, newest first, and wins over the file")
    func environmentKeys() throws {
        let newer = try FernetKey.generate(), older = try FernetKey.generate()
        let path = try temporaryKeyFile()
        let source = FernetKeySource(keyFile: path, environment: [FernetKeySource.environmentVariable: "\(newer.revealedBase64URL), \(older.revealedBase64URL)"])
        let keyring = try source.load()
        #expect(keyring.keys == [newer, older])
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(throws: FernetKeySourceError.environmentKeys) { try source.rotate() }
    }

    @Test("a malformed key names its position", arguments: ["not-a-key", "", "c2hvcnQ="])
    func malformedKey(_ text: String) throws {
        let good = try FernetKey.generate().revealedBase64URL
        let source = FernetKeySource(keyFile: try temporaryKeyFile(), environment: [FernetKeySource.environmentVariable: "\(good),\(text)"])
        if text.isEmpty {
            #expect(try source.load().keys.count == 1)
        } else {
            let error = #expect(throws: FernetKeySourceError.self) { try source.load() }
            guard case .invalidKey(_, let position, _)? = error else {
                Issue.record("expected invalidKey, got \(String(describing: error))")
                return
            }
            #expect(position == 2)
        }
    }

    @Test("rotation puts a new key first, keeps the old ones, and keeps the file private")
    func rotation() throws {
        let path = try temporaryKeyFile()
        let source = FernetKeySource(keyFile: path, environment: [:])
        let original = try source.load()
        let token = try original.encrypt(Array("payload".utf8))
        let rotated = try source.rotate()
        #expect(rotated.keys.count == 2)
        #expect(rotated.keys[1] == original.primary)
        #expect(rotated.primary != original.primary)
        #expect(try source.load() == rotated)
        #expect(try mode(of: path) == 0o600)
        let resealed = try rotated.reseal(token)
        #expect(try Fernet(key: rotated.primary).decrypt(resealed) == Array("payload".utf8))
        #expect(throws: FernetError.invalidToken) { try Fernet(key: original.primary).decrypt(resealed) }
    }
}
