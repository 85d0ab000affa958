import ArgumentParser
import Foundation
import Storage

/// `trainyard storage put|get|ls|rm`: objects of the `default` organization in the configured backend.
struct StorageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage", abstract: "Move objects in and out of the configured storage backend.",
        discussion: """
            The backend is $TRAINYARD_STORAGE: s3://bucket?region=R&endpoint=URL&path_style=true, gs://bucket?endpoint=URL,
            azure://container?account=NAME&endpoint=URL, or local:/folder (default: the state folder's storage/).
            Keys are paths inside the organization's prefix (orgs/default/…). Credentials come from the standard
            variables (see `trainyard presign --help`).
            """,
        subcommands: [Put.self, Get.self, List.self, Remove.self])

    /// Opens the configured backend for the length of `body`.
    static func withBackend<Result>(_ body: (any StorageBackend) async throws -> Result) async throws -> Result {
        try await TrainyardHome().withStorage(localBaseURL: "http://127.0.0.1:8080", body)
    }

    static func key(_ path: String) throws -> StorageKey {
        try StorageKey(organization: TrainyardHome.organization, path: path)
    }

    static func describe(_ info: ObjectInfo) -> String {
        "\(info.key)\t\(info.size) bytes\tsha256 \(info.sha256 ?? "-")"
    }

    struct Put: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Upload a file.")
        @Argument(help: "The local file.") var file: String
        @Argument(help: "The key inside the organization's prefix.") var key: String
        @Option(help: "The object's content type.") var contentType: String?
        @Option(help: "User metadata, NAME=VALUE (repeatable).") var metadata: [String] = []

        func run() async throws {
            var fields: [String: String] = [:]
            for item in metadata {
                guard let separator = item.firstIndex(of: "="), separator != item.startIndex else {
                    throw ValidationError("storage.invalid_metadata: '\(item)' is not NAME=VALUE")
                }
                fields[String(item[..<separator])] = String(item[item.index(after: separator)...])
            }
            let key = try StorageCommand.key(key)
            guard FileManager.default.isReadableFile(atPath: file) else { throw ValidationError("storage.io: cannot read \(file)") }
            let info = try await StorageCommand.withBackend { try await $0.put(key, from: .file(file), contentType: contentType, metadata: fields) }
            print(StorageCommand.describe(info))
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Download an object into a file, verifying its checksum.")
        @Argument(help: "The key inside the organization's prefix.") var key: String
        @Argument(help: "The local file to write.") var file: String

        func run() async throws {
            let key = try StorageCommand.key(key)
            let info = try await StorageCommand.withBackend { try await $0.get(key, to: file) }
            print(StorageCommand.describe(info))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List objects whose path starts with a prefix.")
        @Argument(help: "The path prefix inside the organization's prefix.") var prefix: String = ""

        func run() async throws {
            try await StorageCommand.withBackend { backend in
                for try await info in backend.list(organization: TrainyardHome.organization, prefix: prefix) {
                    print("\(info.size)\t\(ISO8601DateFormatter().string(from: info.modified))\t\(info.key)")
                }
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "Delete an object (a missing one is not an error).")
        @Argument(help: "The key inside the organization's prefix.") var key: String

        func run() async throws {
            let key = try StorageCommand.key(key)
            try await StorageCommand.withBackend { try await $0.delete(key) }
        }
    }
}
