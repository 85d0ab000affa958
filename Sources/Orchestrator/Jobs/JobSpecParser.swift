import Adapters
import Foundation
import Yams

/// Reads job specifications from YAML or JSON, with located errors (`job.*` codes).
public struct JobSpecParser: Sendable {
    /// The keys a job file may hold.
    public static let keys = [
        "name", "trainer", "image", "command", "dataset", "config", "resources", "priority",
        "estimated_hours", "max_cost_usd", "idempotency_key",
    ]

    /// Creates a parser.
    public init() {}

    /// Reads a job file.
    public func parse(fileAt path: String) throws(DiagnosticsError) -> JobSpec {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticsError([Diagnostic(file: path, line: 1, column: 1, code: "job.unreadable", path: "", message: "cannot read the file as UTF-8 text")])
        }
        return try parse(text, file: path)
    }

    /// Reads a job from text; `file` names it in diagnostics.
    public func parse(_ text: String, file: String) throws(DiagnosticsError) -> JobSpec {
        var reader = SchemaReader(file: file, domain: "job")
        let spec = reader.compose(text).flatMap { read($0, with: &reader) }
        guard let spec, reader.diagnostics.isEmpty else { throw DiagnosticsError(reader.diagnostics) }
        return spec
    }

    private func read(_ node: Node, with reader: inout SchemaReader) -> JobSpec? {
        guard let fields = reader.fields(node, at: .root, allowed: Self.keys, required: ["name"]) else { return nil }
        func path(_ key: String) -> SchemaPath { .root.appending(key) }

        let name = fields["name"].flatMap { reader.string($0, at: path("name")) }
        let workload = readWorkload(fields, with: &reader)
        let dataset = fields["dataset"].flatMap { reader.string($0, at: path("dataset")) }
        var config: [String: ConfigValue] = [:]
        if let configNode = fields["config"] {
            if case .object(let object)? = reader.configValue(configNode, at: path("config")) {
                config = object
            } else if case .mapping = configNode {
                // Problems inside the mapping were reported by configValue.
            } else {
                reader.report(.typeMismatch, at: configNode, path: path("config"), "expected a mapping, got \(SchemaReader.describe(configNode))")
            }
        }
        let resources = fields["resources"].map { readResources($0, with: &reader) } ?? ResourceRequest()
        let priority = fields["priority"].map { reader.choice($0, at: path("priority"), as: JobPriority.self) } ?? .normal
        let hours = fields["estimated_hours"].flatMap { reader.number($0, at: path("estimated_hours"), positive: true) }
        let maxCost = fields["max_cost_usd"].flatMap { reader.number($0, at: path("max_cost_usd"), positive: true) }
        let key = fields["idempotency_key"].flatMap { node -> String? in
            guard let key = reader.string(node, at: path("idempotency_key")) else { return nil }
            guard (1...255).contains(key.utf8.count) else {
                reader.report(.outOfRange, at: node, path: path("idempotency_key"), "must be 1 to 255 bytes long")
                return nil
            }
            return key
        }
        guard reader.diagnostics.isEmpty, let name, let workload, let resources, let priority else { return nil }
        return JobSpec(
            name: name, workload: workload, dataset: dataset, config: config, resources: resources,
            priority: priority, estimatedHours: hours, maxCostUSD: maxCost, idempotencyKey: key)
    }

    private func readWorkload(_ fields: Fields, with reader: inout SchemaReader) -> Workload? {
        let trainerNode = fields["trainer"], imageNode = fields["image"], commandNode = fields["command"]
        if let trainerNode {
            if let other = imageNode ?? commandNode {
                reader.report(.conflictingKeys, at: other, path: .root.appending(imageNode != nil ? "image" : "command"),
                              "a job runs either a built-in 'trainer' or a container 'image' with 'command', not both")
                return nil
            }
            return reader.name(trainerNode, at: .root.appending("trainer")).map(Workload.trainer)
        }
        guard let imageNode else {
            reader.report(.missingKey, at: fields.node, path: .root.appending("trainer"),
                          "a job needs a built-in 'trainer', or an 'image' with a 'command'")
            return nil
        }
        guard let image = reader.string(imageNode, at: .root.appending("image")) else { return nil }
        guard let commandNode else {
            reader.report(.missingKey, at: fields.node, path: .root.appending("command"), "a container job needs a 'command' list")
            return nil
        }
        guard let command = reader.strings(commandNode, at: .root.appending("command")) else { return nil }
        guard !command.isEmpty else {
            reader.report(.emptyList, at: commandNode, path: .root.appending("command"), "the command is empty")
            return nil
        }
        return .container(image: image, command: command)
    }

    private func readResources(_ node: Node, with reader: inout SchemaReader) -> ResourceRequest? {
        let path = SchemaPath.root.appending("resources")
        guard let fields = reader.fields(node, at: path, allowed: ["gpus", "gpu_memory_gib"]) else { return nil }
        var resources = ResourceRequest()
        if let gpusNode = fields["gpus"] {
            guard let gpus = reader.integer(gpusNode, at: path.appending("gpus"), minimum: 0) else { return nil }
            resources.gpus = gpus
        }
        if let memoryNode = fields["gpu_memory_gib"] {
            guard let memory = reader.number(memoryNode, at: path.appending("gpu_memory_gib"), positive: true) else { return nil }
            resources.gpuMemoryGiB = memory
        }
        return resources
    }
}
