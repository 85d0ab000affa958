import Foundation

/// Where the server's Fernet keyring comes from: `TRAINYARD_FERNET_KEY` (comma-separated, newest first),
/// else a key file in the state folder (one key per line, newest first), created with mode 0600 on first use.
///
/// A key file that its group or other users can read is refused: the keys open every stored credential.
public struct FernetKeySource: Sendable {
    /// The environment variable that holds keys.
    public static let environmentVariable = "TRAINYARD_FERNET_KEY"

    /// The key file's path.
    public let keyFile: String
    private let environment: [String: String]

    /// Creates a source reading `environment` first, then `keyFile`.
    public init(keyFile: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.keyFile = keyFile
        self.environment = environment
    }

    /// Whether keys come from the environment (and so cannot be rotated by writing the key file).
    public var usesEnvironment: Bool { !(environment[Self.environmentVariable] ?? "").isEmpty }

    /// Loads the keyring, creating the key file with a fresh key when neither source has one.
    public func load() throws -> FernetKeyring {
        if let value = environment[Self.environmentVariable], !value.isEmpty {
            return try Self.parse(value.split(separator: ",").map(String.init), origin: Self.environmentVariable)
        }
        let file = KeyFile(path: keyFile)
        if !file.exists {
            try write(FernetKeyring(keys: [FernetKey.generate()]))
        }
        let text: String
        do {
            text = try file.read()
        } catch {
            throw FernetKeySourceError.file(error)
        }
        return try Self.parse(text.split(whereSeparator: \.isNewline).map(String.init), origin: keyFile)
    }

    /// Puts a fresh key in front of the key file's keys and returns the new keyring.
    public func rotate() throws -> FernetKeyring {
        guard !usesEnvironment else { throw FernetKeySourceError.environmentKeys }
        let rotated = try load().rotated(to: FernetKey.generate())
        try write(rotated)
        return rotated
    }

    /// Replaces the key file's contents atomically, with mode 0600 from the start.
    public func write(_ keyring: FernetKeyring) throws {
        do {
            try KeyFile(path: keyFile).write(keyring.keys.map(\.revealedBase64URL).joined(separator: "\n") + "\n")
        } catch {
            throw FernetKeySourceError.file(error)
        }
    }

    private static func parse(_ lines: [String], origin: String) throws -> FernetKeyring {
        let texts = lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var keys: [FernetKey] = []
        for (index, text) in texts.enumerated() {
            do {
                keys.append(try FernetKey(base64URL: text))
            } catch {
                throw FernetKeySourceError.invalidKey(origin, position: index + 1, reason: error.description)
            }
        }
        guard !keys.isEmpty else { throw FernetKeySourceError.noKeys(origin) }
        return try FernetKeyring(keys: keys)
    }
}

/// Why the keyring could not be loaded or changed.
public enum FernetKeySourceError: Error, Sendable, Equatable, CustomStringConvertible {
    case file(KeyFileError)
    case invalidKey(String, position: Int, reason: String)
    case noKeys(String)
    case environmentKeys

    /// A stable error code.
    public var code: String {
        switch self {
        case .file(let error): error.code
        case .invalidKey: "keys.invalid_key"
        case .noKeys: "keys.empty"
        case .environmentKeys: "keys.from_environment"
        }
    }

    public var description: String {
        switch self {
        case .file(let error): error.description
        case .invalidKey(let origin, let position, let reason): "\(code): key \(position) in \(origin): \(reason)"
        case .noKeys(let origin): "\(code): \(origin) holds no key"
        case .environmentKeys:
            "\(code): keys come from \(FernetKeySource.environmentVariable); put a new key first in that list instead"
        }
    }
}
