import ArgumentParser
import Credentials
import Foundation

/// `trainyard fernet …`: Fernet tokens for scripts and cross-checks.
struct FernetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fernet", abstract: "Make and open Fernet tokens.",
        subcommands: [GenerateKey.self, Encrypt.self, Decrypt.self])

    /// `--key`, or `TRAINYARD_FERNET_KEY` (its first key).
    struct KeyOption: ParsableArguments {
        @Option(help: "The url-safe base64 key (default: the first key of $TRAINYARD_FERNET_KEY).")
        var key: String?

        func fernet() throws -> Fernet {
            let environment = ProcessInfo.processInfo.environment[FernetKeySource.environmentVariable]
            guard let text = key ?? environment?.split(separator: ",").first.map(String.init) else {
                throw ValidationError("pass --key or set \(FernetKeySource.environmentVariable)")
            }
            return Fernet(key: try FernetKey(base64URL: text.trimmingCharacters(in: .whitespaces)))
        }
    }

    struct GenerateKey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "generate-key", abstract: "Print a new random key.")

        func run() async throws {
            print(try FernetKey.generate().revealedBase64URL)
        }
    }

    struct Encrypt: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Encrypt standard input; print the token and a newline.")

        @OptionGroup var keyOption: KeyOption

        func run() async throws {
            let plaintext = StandardInput.readAll()
            print(try keyOption.fernet().encrypt(plaintext))
        }
    }

    struct Decrypt: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decrypt the token on standard input; write exactly the plaintext bytes.")

        @OptionGroup var keyOption: KeyOption

        @Option(help: "Refuse tokens older than this many seconds.")
        var ttl: UInt64?

        func run() async throws {
            let input = String(decoding: StandardInput.readAll(), as: UTF8.self)
            let token = input.trimmingCharacters(in: .whitespacesAndNewlines)
            do {
                let plaintext = try keyOption.fernet().decrypt(token, ttl: ttl)
                FileHandle.standardOutput.write(Data(plaintext))
            } catch let error as FernetError {
                FileHandle.standardError.write(Data("trainyard: \(error.description)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
