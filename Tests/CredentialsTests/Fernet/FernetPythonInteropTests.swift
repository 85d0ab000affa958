import Credentials
import Foundation
import Testing
import TestSupport

/// Finds a Python interpreter that has the `cryptography` package.
///
/// Order: `$TRAINYARD_TEST_PYTHON`, then `<package root>/.build/venv/bin/python3`, then `python3`
/// on `PATH`. The first candidate that exists is the one used; it must import `cryptography.fernet`.
enum PythonWithCryptography {
    static let interpreter: String? = {
        var candidates: [String] = []
        if let configured = ProcessInfo.processInfo.environment["TRAINYARD_TEST_PYTHON"], !configured.isEmpty {
            candidates.append(configured)
        }
        candidates.append(Conformance.packageRoot.appendingPathComponent(".build/venv/bin/python3").path)
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append("\(directory)/python3")
        }
        return candidates.first { path in
            FileManager.default.isExecutableFile(atPath: path)
                && (try? run(path, script: "import cryptography.fernet", input: Data()))?.status == 0
        }
    }()

    /// Runs `script` with `python -c`, feeding `input` on stdin, with `extraEnvironment` added.
    static func run(_ python: String, script: String, input: Data, extraEnvironment: [String: String] = [:]) throws -> ProcessResult {
        try Subprocess.run(python, ["-c", script], environment: ProcessInfo.processInfo.environment.merging(extraEnvironment) { $1 }, input: input)
    }
}

@Suite("Fernet interoperability with Python cryptography")
struct FernetPythonInteropTests {
    struct Exchange: Codable {
        /// Tokens made by Swift, for Python to decrypt.
        var swiftTokens: [String]
        /// Plaintexts (base64) Python decrypted from `swiftTokens`.
        var pythonDecrypted: [String]
        /// Plaintexts (base64) for Python to encrypt.
        var plaintexts: [String]
        /// Tokens Python made from `plaintexts`.
        var pythonTokens: [String]
        /// Key rotation: a token made by Swift with an old key, rotated by Python's MultiFernet.
        var oldToken: String
        var rotatedToken: String
    }

    /// Reads the exchange on stdin, fills in Python's parts, writes it back on stdout.
    /// The key arrives in the environment, never on the command line.
    static let script = """
        import base64, json, os, sys
        from cryptography.fernet import Fernet, MultiFernet
        f = Fernet(os.environ["TY_FERNET_KEY"].encode())
        old = Fernet(os.environ["TY_FERNET_OLD_KEY"].encode())
        x = json.load(sys.stdin)
        x["pythonDecrypted"] = [base64.b64encode(f.decrypt(t.encode(), ttl=3600)).decode() for t in x["swiftTokens"]]
        x["pythonTokens"] = [f.encrypt(base64.b64decode(p)).decode() for p in x["plaintexts"]]
        x["rotatedToken"] = MultiFernet([f, old]).rotate(x["oldToken"].encode()).decode()
        json.dump(x, sys.stdout)
        """

    @Test(
        "Python decrypts Swift's tokens and Swift decrypts Python's",
        .enabled(
            if: PythonWithCryptography.interpreter != nil,
            "needs a python3 with `cryptography`: set TRAINYARD_TEST_PYTHON or create .build/venv"
        )
    )
    func roundTripWithPython() async throws {
        let python = try #require(PythonWithCryptography.interpreter)
        let key = try FernetKey.generate(), oldKey = try FernetKey.generate()
        let fernet = Fernet(key: key)
        let plaintexts: [[UInt8]] = try [0, 1, 15, 16, 17, 100, 1000].map { try SecureRandom.bytes(count: $0) }
            + [Array("ünïcödé 数据 🚀".utf8)]
        let oldToken = try Fernet(key: oldKey).encrypt(Array("rotate me".utf8), timestamp: 1_234_567_890)
        let request = Exchange(
            swiftTokens: try plaintexts.map { try fernet.encrypt($0) },
            pythonDecrypted: [],
            plaintexts: plaintexts.map { Base64.encode($0) },
            pythonTokens: [],
            oldToken: oldToken,
            rotatedToken: ""
        )

        let input = try JSONEncoder().encode(request)
        let keys = ["TY_FERNET_KEY": key.revealedBase64URL, "TY_FERNET_OLD_KEY": oldKey.revealedBase64URL]
        let outcome = try await blockingWork {
            try PythonWithCryptography.run(python, script: Self.script, input: input, extraEnvironment: keys)
        }
        // Python's stderr may show a traceback, never a key: keys travel only in the environment.
        try #require(outcome.status == 0, "python failed: \(outcome.errors)")
        let reply = try JSONDecoder().decode(Exchange.self, from: outcome.stdout)

        #expect(try reply.pythonDecrypted.map { try Base64.decode($0) } == plaintexts)
        #expect(reply.pythonTokens.count == plaintexts.count)
        for (token, plaintext) in zip(reply.pythonTokens, plaintexts) {
            #expect(try fernet.decrypt(token, ttl: 3600) == plaintext)
        }
        #expect(try fernet.decrypt(reply.rotatedToken) == Array("rotate me".utf8))
        #expect(try fernet.timestamp(of: reply.rotatedToken) == 1_234_567_890)
        // Swift's reseal agrees with Python's rotate on what is kept.
        let resealed = try FernetKeyring(keys: [key, oldKey]).reseal(oldToken)
        #expect(try fernet.timestamp(of: resealed) == fernet.timestamp(of: reply.rotatedToken))
    }
}
