import Foundation

// `make bench` runs every suite; `trainyard-bench SUITE...` runs some.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path
let suites: [String: (String) async throws -> Void] = [
    "routing": RoutingBenchmark.run,
    "credentials": CredentialsBenchmark.run,
    "trainers": TrainersBenchmark.run,
    "storage": StorageBenchmark.run,
    "adapters": AdaptersBenchmark.run,
    "service": ServiceBenchmark.run,
]
let requested = CommandLine.arguments.dropFirst().isEmpty ? suites.keys.sorted() : Array(CommandLine.arguments.dropFirst())
for name in requested {
    guard let suite = suites[name] else {
        FileHandle.standardError.write(Data("unknown suite \(name); suites: \(suites.keys.sorted().joined(separator: ", "))\n".utf8))
        exit(2)
    }
    do {
        try await suite(root)
    } catch {
        FileHandle.standardError.write(Data("\(name): \(error)\n".utf8))
        exit(1)
    }
}
