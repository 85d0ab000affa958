import Adapters
import Foundation
import Yams

/// Reads compute profiles from YAML (or JSON), reporting every problem with file, line, column and key path.
public struct ProfileParser: Sendable {
    /// When set, every candidate's machine must have a price in this catalog.
    public var catalog: PriceCatalog?

    /// Creates a parser; pass a catalog to check machines against it.
    public init(catalog: PriceCatalog? = nil) {
        self.catalog = catalog
    }

    /// Reads a profile file.
    public func parse(fileAt path: String) throws(DiagnosticsError) -> ComputeProfile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticsError([Diagnostic(file: path, line: 1, column: 1, code: "profile.unreadable", path: "", message: "cannot read the file")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticsError([Diagnostic(file: path, line: 1, column: 1, code: "profile.yaml_syntax", path: "", message: "the file is not UTF-8 text")])
        }
        return try parse(text, file: path)
    }

    /// Reads a profile from text; `file` names it in diagnostics.
    public func parse(_ text: String, file: String) throws(DiagnosticsError) -> ComputeProfile {
        var reader = SchemaReader(file: file, domain: "profile")
        let profile = reader.compose(text).flatMap { read($0, with: &reader) }
        guard let profile, reader.diagnostics.isEmpty else { throw DiagnosticsError(reader.diagnostics) }
        return profile
    }

    // MARK: Document

    private static let topKeys = ["name", "description", "strategy", "candidates", "limits", "fallback"]

    private func read(_ node: Node, with reader: inout SchemaReader) -> ComputeProfile? {
        guard let fields = reader.fields(node, at: .root, allowed: Self.topKeys, required: ["name", "strategy", "candidates"]) else {
            return nil
        }
        let name = fields["name"].flatMap { reader.name($0, at: .root.appending("name")) }
        let description = fields["description"].flatMap { reader.string($0, at: .root.appending("description")) }
        let strategy = fields["strategy"].flatMap { reader.choice($0, at: .root.appending("strategy"), as: RoutingStrategy.self) }
        let candidates = fields["candidates"].flatMap { readCandidates($0, with: &reader) }
        let limits = fields["limits"].map { readLimits($0, strategy: strategy, with: &reader) } ?? ProfileLimits()
        let fallback = fields["fallback"].map { readFallback($0, candidateCount: candidates?.count ?? 1, with: &reader) }

        if strategy == .queue, let candidates, !candidates.contains(where: { $0.target.provider == .platform }),
           let strategyNode = fields["strategy"] {
            reader.report(.queueWithoutPlatform, at: strategyNode, path: .root.appending("strategy"),
                          "the queue strategy needs at least one platform candidate")
        }
        guard let name, let strategy, var candidates, let limits, let fallback = fallback ?? FallbackPolicy(maxAttempts: candidates.count) else {
            return nil
        }
        for index in candidates.indices where candidates[index].target.provider != .platform {
            candidates[index].target.queueingDeadlineSeconds = limits.maxQueueWaitSeconds
        }
        return ComputeProfile(name: name, description: description, strategy: strategy, candidates: candidates, limits: limits, fallback: fallback)
    }

    // MARK: Candidates

    private func readCandidates(_ node: Node, with reader: inout SchemaReader) -> [Candidate]? {
        let path = SchemaPath.root.appending("candidates")
        guard let items = reader.sequence(node, at: path) else { return nil }
        guard !items.isEmpty else {
            reader.report(.emptyList, at: node, path: path, "a profile needs at least one candidate")
            return nil
        }
        let candidates = items.enumerated().map { index, item in readCandidate(item, at: path.appending(index: index), with: &reader) }
        return candidates.contains(where: { $0 == nil }) ? nil : candidates.compactMap { $0 }
    }

    private func readCandidate(_ node: Node, at path: SchemaPath, with reader: inout SchemaReader) -> Candidate? {
        guard let fields = reader.fields(node, at: path, allowed: CandidateKeys.all, required: ["provider"]) else { return nil }
        guard let providerNode = fields["provider"],
              let provider = reader.choice(providerNode, at: path.appending("provider"), as: ProviderKind.self) else {
            return nil
        }
        let errorsBefore = reader.diagnostics.count
        for (key, entry) in fields.entries where !CandidateKeys.allowed(for: provider).contains(key) {
            reader.report(.unknownKey, at: entry.key, path: path.appending(key), CandidateKeys.misplacedMessage(key, provider: provider))
        }
        func value(_ key: String) -> (Node, SchemaPath)? { fields[key].map { ($0, path.appending(key)) } }

        let credentials = value("credentials").flatMap { reader.name($0.0, at: $0.1) }
        if provider.needsCredentials, !fields.has("credentials") {
            reader.report(.missingKey, at: node, path: path.appending("credentials"),
                          "\(provider.rawValue) candidates need 'credentials', the name of a registered credential")
        }
        let region: String? = switch provider {
        case .platform: "local"
        case .kubernetes: value("region").map { reader.string($0.0, at: $0.1) } ?? "*"
        case .sagemaker, .vertex, .azureml: regionValue(fields, at: path, with: &reader)
        }
        let spot = value("spot").flatMap { reader.bool($0.0, at: $0.1) } ?? false
        let endpoint = value("endpoint").flatMap { reader.url($0.0, at: $0.1) }
        let maxConcurrent = value("max_concurrent_jobs").flatMap { reader.integer($0.0, at: $0.1, minimum: 1) }
        let pricePerGPUHour = value("price_per_gpu_hour").flatMap { reader.number($0.0, at: $0.1, positive: false) }
        let machine = readMachine(fields, provider: provider, at: path, with: &reader)
        let settings = ProviderSettingsReader(fields: fields, path: path).read(for: provider, with: &reader)

        guard reader.diagnostics.count == errorsBefore, let region, let (choice, machineNode, machinePath) = machine, let settings else { return nil }
        let target = ComputeTarget(provider: provider, region: region, machine: choice, spot: spot, credentials: credentials, endpoint: endpoint,
                                   settings: settings)
        let candidate = Candidate(target: target, maxConcurrentJobs: maxConcurrent, pricePerGPUHour: pricePerGPUHour)
        if let catalog {
            do {
                _ = try catalog.offer(for: target, pricePerGPUHour: pricePerGPUHour)
            } catch let error as CatalogError {
                reader.report(.unknownMachine, at: machineNode, path: machinePath, Self.catalogMessage(error))
            } catch {
                reader.report(.unknownMachine, at: machineNode, path: machinePath, "\(error)")
            }
        }
        return candidate
    }

    private func regionValue(_ fields: Fields, at path: SchemaPath, with reader: inout SchemaReader) -> String? {
        guard let node = fields["region"] else {
            reader.report(.missingKey, at: fields.node, path: path.appending("region"), "required key 'region' is missing")
            return nil
        }
        return reader.string(node, at: path.appending("region"))
    }

    /// The machine choice and the node that names it (for catalog errors).
    private func readMachine(
        _ fields: Fields, provider: ProviderKind, at path: SchemaPath, with reader: inout SchemaReader
    ) -> (MachineChoice, Node, SchemaPath)? {
        func required(_ key: String) -> (Node, SchemaPath)? {
            guard let node = fields[key] else {
                reader.report(.missingKey, at: fields.node, path: path.appending(key), "required key '\(key)' is missing")
                return nil
            }
            return (node, path.appending(key))
        }
        switch provider {
        case .sagemaker, .azureml:
            guard let (node, keyPath) = required("instance_type"), let type = reader.string(node, at: keyPath) else { return nil }
            if provider == .sagemaker, !type.hasPrefix("ml.") {
                reader.report(.invalidValue, at: node, path: keyPath, "SageMaker training instance types start with 'ml.', got \"\(type)\"")
                return nil
            }
            return (.instance(type: type), node, keyPath)
        case .vertex:
            guard let (node, keyPath) = required("machine_type"), let type = reader.string(node, at: keyPath) else { return nil }
            let accelerator = fields["accelerator"].flatMap { reader.string($0, at: path.appending("accelerator")) }
            var count = 1
            if let countNode = fields["accelerator_count"] {
                guard fields.has("accelerator") else {
                    reader.report(.conflictingKeys, at: countNode, path: path.appending("accelerator_count"),
                                  "accelerator_count needs an accelerator")
                    return nil
                }
                guard let value = reader.integer(countNode, at: path.appending("accelerator_count"), minimum: 1) else { return nil }
                count = value
            }
            let machineNode = fields["accelerator"] ?? node
            let machinePath = fields.has("accelerator") ? path.appending("accelerator") : keyPath
            return (.hostWithAccelerator(machineType: type, accelerator: accelerator, count: accelerator == nil ? 0 : count), machineNode, machinePath)
        case .platform, .kubernetes:
            guard let (node, keyPath) = required("gpu"), let model = reader.string(node, at: keyPath) else { return nil }
            let cpuOnly = model.lowercased() == "cpu"
            var count = cpuOnly ? 0 : 1
            if let countNode = fields["gpu_count"] {
                guard let value = reader.integer(countNode, at: path.appending("gpu_count"), minimum: cpuOnly ? 0 : 1) else { return nil }
                if cpuOnly, value != 0 {
                    reader.report(.conflictingKeys, at: countNode, path: path.appending("gpu_count"), "a 'cpu' machine has no GPUs")
                    return nil
                }
                count = value
            }
            return (.gpus(model: cpuOnly ? nil : model, count: count), node, keyPath)
        }
    }

    private static func catalogMessage(_ error: CatalogError) -> String {
        switch error {
        case .unknownMachine(let message), .notFound(let message): return message
        case .malformed(_, _, let message): return message
        }
    }

    // MARK: Limits and fallback

    private static let limitKeys = ["max_cost_per_job_usd", "max_concurrent_jobs", "monthly_budget_usd", "max_queue_wait"]

    private func readLimits(_ node: Node, strategy: RoutingStrategy?, with reader: inout SchemaReader) -> ProfileLimits? {
        let path = SchemaPath.root.appending("limits")
        guard let fields = reader.fields(node, at: path, allowed: Self.limitKeys) else { return nil }
        let errorsBefore = reader.diagnostics.count
        var limits = ProfileLimits()
        limits.maxCostPerJobUSD = fields["max_cost_per_job_usd"].flatMap { reader.number($0, at: path.appending("max_cost_per_job_usd"), positive: true) }
        limits.maxConcurrentJobs = fields["max_concurrent_jobs"].flatMap { reader.integer($0, at: path.appending("max_concurrent_jobs"), minimum: 1) }
        limits.monthlyBudgetUSD = fields["monthly_budget_usd"].flatMap { reader.number($0, at: path.appending("monthly_budget_usd"), positive: true) }
        if let waitNode = fields["max_queue_wait"] {
            if let strategy, strategy != .queue {
                reader.report(.conflictingKeys, at: waitNode, path: path.appending("max_queue_wait"),
                              "max_queue_wait applies only to the queue strategy, not \(strategy.rawValue)")
            } else {
                limits.maxQueueWaitSeconds = reader.duration(waitNode, at: path.appending("max_queue_wait"))
            }
        }
        return reader.diagnostics.count == errorsBefore ? limits : nil
    }

    private func readFallback(_ node: Node, candidateCount: Int, with reader: inout SchemaReader) -> FallbackPolicy? {
        let path = SchemaPath.root.appending("fallback")
        guard let fields = reader.fields(node, at: path, allowed: ["on", "max_attempts"]) else { return nil }
        let errorsBefore = reader.diagnostics.count
        var policy = FallbackPolicy(maxAttempts: candidateCount)
        if let onNode = fields["on"], let items = reader.sequence(onNode, at: path.appending("on")) {
            var classes = Set<ErrorClass>()
            for (index, item) in items.enumerated() {
                let itemPath = path.appending("on").appending(index: index)
                guard let errorClass = reader.choice(item, at: itemPath, as: ErrorClass.self) else { continue }
                guard ErrorClass.fallThroughCandidates.contains(errorClass) else {
                    let why = errorClass == .retryable ? "retryable errors are retried with backoff" : "invalid requests fail the job"
                    reader.report(.invalidValue, at: item, path: itemPath,
                                  "'\(errorClass.rawValue)' cannot fall through (\(why)); use capacity, quota, credentials or unavailable")
                    continue
                }
                classes.insert(errorClass)
            }
            policy.on = classes
        }
        if let attemptsNode = fields["max_attempts"], let attempts = reader.integer(attemptsNode, at: path.appending("max_attempts"), minimum: 1) {
            policy.maxAttempts = attempts
        }
        return reader.diagnostics.count == errorsBefore ? policy : nil
    }
}
