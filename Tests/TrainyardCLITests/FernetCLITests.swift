import Foundation
import Testing
import TestSupport

@Suite("trainyard fernet", .enabled(if: FileManager.default.isExecutableFile(atPath: CLI.executable.path), "the trainyard binary is built next to the tests"))
struct FernetCLITests {
    func generateKey() async throws -> String {
        let result = try await CLI.run(["fernet", "generate-key"])
        #expect(result.status == 0)
        return result.output.trimmingCharacters(in: .newlines)
    }

    @Test("encrypt then decrypt gives back exactly the input bytes")
    func roundTrip() async throws {
        let key = try await generateKey()
        #expect(key.count == 44)
        let plaintext = Data([0, 1, 2, 255, 10, 13, 10] + Array("tail\n\n".utf8))
        let encrypted = try await CLI.run(["fernet", "encrypt", "--key", key], input: plaintext)
        #expect(encrypted.status == 0)
        #expect(encrypted.output.hasSuffix("\n") && !encrypted.output.dropLast().contains("\n"))
        let decrypted = try await CLI.run(["fernet", "decrypt", "--key", key], input: Data("  \(encrypted.output)\n\n".utf8))
        #expect(decrypted.status == 0)
        #expect(decrypted.stdout == plaintext)
    }

    @Test("the key may come from TRAINYARD_FERNET_KEY")
    func environmentKey() async throws {
        let key = try await generateKey()
        let encrypted = try await CLI.run(["fernet", "encrypt"], input: Data("hello".utf8), environment: ["TRAINYARD_FERNET_KEY": key])
        let decrypted = try await CLI.run(["fernet", "decrypt", "--key", key], input: encrypted.stdout)
        #expect(decrypted.output == "hello")
    }

    @Test("a wrong key, a tampered token or an expired token exits 1 with a message and no output")
    func refusals() async throws {
        let key = try await generateKey(), other = try await generateKey()
        let token = try await CLI.run(["fernet", "encrypt", "--key", key], input: Data("x".utf8)).output.trimmingCharacters(in: .newlines)
        let wrongKey = try await CLI.run(["fernet", "decrypt", "--key", other], input: Data(token.utf8))
        #expect(wrongKey.status == 1)
        #expect(wrongKey.stdout.isEmpty)
        #expect(wrongKey.errors.contains("fernet.invalid_token"))

        var tampered = Array(token.utf8)
        tampered[20] = tampered[20] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let tamperedResult = try await CLI.run(["fernet", "decrypt", "--key", key], input: Data(tampered))
        #expect(tamperedResult.status == 1)

        // The spec's own vector was made in 1985: with a TTL it is long expired.
        let vector = "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA=="
        let expired = try await CLI.run(["fernet", "decrypt", "--key", "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=", "--ttl", "60"], input: Data(vector.utf8))
        #expect(expired.status == 1)
        #expect(expired.errors.contains("fernet.expired"))
        let noTTL = try await CLI.run(["fernet", "decrypt", "--key", "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4="], input: Data(vector.utf8))
        #expect(noTTL.output == "hello")
    }

    @Test("a malformed key is a clear error")
    func malformedKey() async throws {
        let result = try await CLI.run(["fernet", "encrypt", "--key", "short"], input: Data("x".utf8))
        #expect(result.status != 0)
        #expect(result.errors.contains("fernet.invalid_key"))
    }
}

@Suite("trainyard credentials and keys", .enabled(if: FileManager.default.isExecutableFile(atPath: CLI.executable.path), "the trainyard binary is built next to the tests"))
struct CredentialsCLITests {
    @Test("credentials are imported, listed without secrets, rotated and removed; submission checks them")
    func lifecycle() async throws {
        let home = URL(fileURLWithPath: try Repository.temporaryFolder("credentials-cli"))
        let secret = "cli-secret-\(UUID().uuidString)"
        let added = try await CLI.run(["credentials", "add", "aws-research", "--provider", "aws", "--from-env"], home: home,
                                environment: ["AWS_ACCESS_KEY_ID": "AKIACLITEST", "AWS_SECRET_ACCESS_KEY": secret, "AWS_REGION": "us-east-1"])
        #expect(added.status == 0, "\(added.errors)")
        let keyFile = home.appendingPathComponent("fernet.keys").path
        #expect((try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int) == 0o600)

        let listed = try await CLI.run(["credentials", "list", "--output", "json"], home: home)
        #expect(listed.output.contains("\"aws-research\""))
        #expect(!listed.output.contains(secret) && !listed.errors.contains(secret))

        let rotated = try await CLI.run(["keys", "rotate"], home: home)
        #expect(rotated.output.contains("1 credential(s) re-sealed"))
        let database = try #require(FileManager.default.contents(atPath: home.appendingPathComponent("state.db").path))
        #expect(database.range(of: Data(secret.utf8)) == nil)

        // A candidate whose credential is not registered is ineligible: submission is refused with the reason.
        let profile = try CLI.temporaryFile("""
            name: p
            strategy: preferred
            candidates:
              - {provider: sagemaker, credentials: gcp-missing, region: us-east-1, instance_type: ml.g4dn.xlarge}
            """, name: "p.yaml")
        let refused = try await CLI.run(["submit", "--profile", profile, "--job", "profiles/jobs/example-job.yaml"], home: home)
        #expect(refused.status == 1)
        #expect(refused.output.contains("credential 'gcp-missing' is not registered"))

        #expect(try await CLI.run(["credentials", "remove", "aws-research"], home: home).status == 0)
        let again = try await CLI.run(["credentials", "remove", "aws-research"], home: home)
        #expect(again.status != 0)
        #expect(again.errors.contains("credentials.not_found"))
        let group = try await CLI.run(["credentials", "list"], home: home)
        #expect(group.output.isEmpty)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: keyFile)
        let open = try await CLI.run(["credentials", "list"], home: home)
        #expect(open.status != 0)
        #expect(open.errors.contains("keys.permissions"))
    }
}
