import Adapters
import Foundation
import Yams

/// Reads a YAML (or JSON) document against a schema, collecting every problem with its location
/// instead of stopping at the first.
struct SchemaReader {
    /// The file name used in diagnostics.
    let file: String
    /// The document kind, the prefix of every code (`profile`, `job`).
    let domain: String
    /// Problems found so far, in the order they were found.
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String, domain: String) {
        self.file = file
        self.domain = domain
    }

    // MARK: Reporting

    mutating func report(_ code: SchemaCode, at mark: Mark?, path: SchemaPath, _ message: String) {
        diagnostics.append(Diagnostic(
            file: file, line: mark?.line ?? 1, column: mark?.column ?? 1,
            code: "\(domain).\(code.rawValue)", path: path.description, message: message))
    }

    mutating func report(_ code: SchemaCode, at node: Node, path: SchemaPath, _ message: String) {
        report(code, at: node.mark, path: path, message)
    }

    // MARK: Documents

    /// Parses the text into a node tree, reporting syntax errors, duplicate keys and empty documents.
    mutating func compose(_ text: String) -> Node? {
        do {
            guard let node = try Yams.compose(yaml: text), !Self.isNull(node) else {
                report(.emptyDocument, at: nil, path: .root, "the document is empty")
                return nil
            }
            return node
        } catch let error as YamlError {
            reportYAMLError(error)
        } catch {
            report(.yamlSyntax, at: nil, path: .root, "\(error)")
        }
        return nil
    }

    private mutating func reportYAMLError(_ error: YamlError) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            report(.yamlSyntax, at: mark, path: .root, "\(prefix)\(problem)".trimmingCharacters(in: .whitespaces))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            report(.duplicateKey, at: context.mark, path: .root, "duplicate key \(keys) in one mapping")
        case .reader(let problem, _, _, _):
            report(.yamlSyntax, at: nil, path: .root, problem)
        default:
            report(.yamlSyntax, at: nil, path: .root, "\(error)")
        }
    }

    // MARK: Mappings

    /// Checks that `node` is a mapping with string keys, that every required key is present and
    /// that no key is unknown (suggesting the nearest known key).
    mutating func fields(
        _ node: Node, at path: SchemaPath, allowed: [String], required: [String] = []
    ) -> Fields? {
        guard case .mapping(let mapping) = node else {
            report(.typeMismatch, at: node, path: path, "expected a mapping, got \(Self.describe(node))")
            return nil
        }
        var fields = Fields(node: node, path: path)
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                report(.typeMismatch, at: keyNode, path: path, "keys must be strings, got \(Self.describe(keyNode))")
                continue
            }
            let key = scalar.string
            guard allowed.contains(key) else {
                let hint = EditDistance.suggestion(for: key, among: allowed).map { "; did you mean '\($0)'?" } ?? ""
                report(.unknownKey, at: keyNode, path: path.appending(key), "unknown key '\(key)'\(hint)")
                continue
            }
            fields.entries[key] = (keyNode, value)
        }
        for key in required where fields.entries[key] == nil {
            report(.missingKey, at: node, path: path.appending(key), "required key '\(key)' is missing")
        }
        return fields
    }

    // MARK: Scalars

    /// A non-null scalar, as text.
    mutating func string(_ node: Node, at path: SchemaPath) -> String? {
        guard case .scalar(let scalar) = node, !Self.isNull(node) else {
            report(.typeMismatch, at: node, path: path, "expected a string, got \(Self.describe(node))")
            return nil
        }
        return scalar.string
    }

    /// `true` or `false`, unquoted.
    mutating func bool(_ node: Node, at path: SchemaPath) -> Bool? {
        if let scalar = Self.plainScalar(node) {
            switch scalar.lowercased() {
            case "true": return true
            case "false": return false
            default: break
            }
        }
        report(.typeMismatch, at: node, path: path, "expected a boolean, got \(Self.describe(node))")
        return nil
    }

    /// A whole number, unquoted, at least `minimum`.
    mutating func integer(_ node: Node, at path: SchemaPath, minimum: Int) -> Int? {
        guard let text = Self.plainScalar(node), let value = Int(text) else {
            report(.typeMismatch, at: node, path: path, "expected an integer, got \(Self.describe(node))")
            return nil
        }
        guard value >= minimum else {
            report(.outOfRange, at: node, path: path, "must be at least \(minimum), got \(value)")
            return nil
        }
        return value
    }

    /// A finite number, unquoted; `positive` demands > 0, otherwise >= 0.
    mutating func number(_ node: Node, at path: SchemaPath, positive: Bool) -> Double? {
        guard let text = Self.plainScalar(node), let value = Double(text), value.isFinite,
              text.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true else {
            report(.typeMismatch, at: node, path: path, "expected a number, got \(Self.describe(node))")
            return nil
        }
        if positive ? value <= 0 : value < 0 {
            report(.outOfRange, at: node, path: path, "must be \(positive ? "greater than 0" : "0 or more"), got \(text)")
            return nil
        }
        return value
    }

    /// One of an enumeration's raw values, suggesting the nearest on a typo.
    mutating func choice<Value: RawRepresentable & CaseIterable>(
        _ node: Node, at path: SchemaPath, as type: Value.Type
    ) -> Value? where Value.RawValue == String {
        guard let text = string(node, at: path) else { return nil }
        if let value = Value(rawValue: text) { return value }
        let allowed = Value.allCases.map(\.rawValue)
        let hint = EditDistance.suggestion(for: text, among: allowed).map { "; did you mean '\($0)'?" } ?? ""
        report(.invalidValue, at: node, path: path,
               "'\(text)' is not one of \(allowed.joined(separator: ", "))\(hint)")
        return nil
    }

    /// A duration such as `90s`, `30m`, `2h`, `1d` or `1h30m`, in seconds.
    mutating func duration(_ node: Node, at path: SchemaPath) -> Double? {
        guard let text = string(node, at: path) else { return nil }
        guard let seconds = DurationText.seconds(text), seconds > 0 else {
            report(.invalidDuration, at: node, path: path,
                   "expected a duration like 90s, 30m, 2h, 1d or 1h30m, got \(Self.describe(node))")
            return nil
        }
        return seconds
    }

    /// An absolute `http` or `https` URL.
    mutating func url(_ node: Node, at path: SchemaPath) -> String? {
        guard let text = string(node, at: path) else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host?.isEmpty == false else {
            report(.invalidURL, at: node, path: path, "expected an absolute http or https URL, got \(Self.describe(node))")
            return nil
        }
        return text
    }

    /// A name of 1 to 63 characters from `[A-Za-z0-9._-]`, starting with a letter or digit.
    mutating func name(_ node: Node, at path: SchemaPath) -> String? {
        guard let text = string(node, at: path) else { return nil }
        let allowed = text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }
        guard allowed, (1...63).contains(text.count), text.first?.isLetter == true || text.first?.isNumber == true else {
            report(.invalidName, at: node, path: path,
                   "names are 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit; got \(Self.describe(node))")
            return nil
        }
        return text
    }

    // MARK: Collections

    /// The items of a list.
    mutating func sequence(_ node: Node, at path: SchemaPath) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            report(.typeMismatch, at: node, path: path, "expected a list, got \(Self.describe(node))")
            return nil
        }
        return Array(sequence)
    }

    /// A list of strings.
    mutating func strings(_ node: Node, at path: SchemaPath) -> [String]? {
        guard let items = sequence(node, at: path) else { return nil }
        var values: [String] = []
        var valid = true
        for (index, item) in items.enumerated() {
            if let value = string(item, at: path.appending(index: index)) { values.append(value) } else { valid = false }
        }
        return valid ? values : nil
    }

    /// Any YAML value as a JSON-shaped value (for free-form trainer configuration).
    mutating func configValue(_ node: Node, at path: SchemaPath) -> ConfigValue? {
        switch node {
        case .scalar(let scalar):
            if Self.isNull(node) { return .null }
            guard scalar.style == .plain || scalar.style == .any else { return .string(scalar.string) }
            let text = scalar.string
            if text == "true" || text == "false" { return .bool(text == "true") }
            if let value = Int(text) { return .int(value) }
            if let value = Double(text), value.isFinite, text.first?.isLetter == false { return .double(value) }
            return .string(text)
        case .sequence(let sequence):
            var values: [ConfigValue] = []
            for (index, item) in sequence.enumerated() {
                guard let value = configValue(item, at: path.appending(index: index)) else { return nil }
                values.append(value)
            }
            return .array(values)
        case .mapping(let mapping):
            var object: [String: ConfigValue] = [:]
            for (keyNode, item) in mapping {
                guard let key = string(keyNode, at: path) else { return nil }
                guard let value = configValue(item, at: path.appending(key)) else { return nil }
                object[key] = value
            }
            return .object(object)
        case .alias:
            report(.typeMismatch, at: node, path: path, "aliases are not supported")
            return nil
        }
    }

    // MARK: Helpers

    /// The text of an unquoted scalar, or `nil` for anything else.
    private static func plainScalar(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return nil }
        return scalar.string
    }

    static func isNull(_ node: Node) -> Bool {
        guard let text = plainScalar(node) else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(text)
    }

    /// How a value is named in messages: `"maybe"`, `a list`, `a mapping`, `null`.
    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            if isNull(node) { return "null" }
            let text = scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string
            return "\"\(text)\""
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }
}

/// The entries of one mapping that passed key checks.
struct Fields {
    let node: Node
    let path: SchemaPath
    var entries: [String: (key: Node, value: Node)] = [:]

    init(node: Node, path: SchemaPath) {
        self.node = node
        self.path = path
    }

    /// The value under `key`, if present.
    subscript(key: String) -> Node? { entries[key]?.value }

    /// Whether `key` is present.
    func has(_ key: String) -> Bool { entries[key] != nil }
}
