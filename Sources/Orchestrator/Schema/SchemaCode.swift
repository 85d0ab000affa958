/// The stable error codes of document validation; each is prefixed with its document kind
/// (`profile.unknown_key`, `job.missing_key`).
enum SchemaCode: String, Sendable, CaseIterable {
    /// The text is not well-formed YAML (or JSON).
    case yamlSyntax = "yaml_syntax"
    /// A mapping holds the same key twice.
    case duplicateKey = "duplicate_key"
    /// The document is empty.
    case emptyDocument = "empty_document"
    /// A key the schema does not know.
    case unknownKey = "unknown_key"
    /// A required key is absent.
    case missingKey = "missing_key"
    /// A value has the wrong type (a string where a boolean belongs, a list where a mapping belongs).
    case typeMismatch = "type_mismatch"
    /// A value is not one of the allowed words.
    case invalidValue = "invalid_value"
    /// A number is negative, zero or too large where that is impossible.
    case outOfRange = "out_of_range"
    /// A duration is not written like `90s`, `30m`, `2h`, `1d` or `1h30m`.
    case invalidDuration = "invalid_duration"
    /// A URL is not an absolute `http` or `https` URL.
    case invalidURL = "invalid_url"
    /// A name uses characters outside `[a-z0-9-_.]` or is too long.
    case invalidName = "invalid_name"
    /// A list that must hold at least one item is empty.
    case emptyList = "empty_list"
    /// Two keys that exclude each other are both present.
    case conflictingKeys = "conflicting_keys"
    /// A machine the price catalog does not know for that provider and region.
    case unknownMachine = "unknown_machine"
    /// The `queue` strategy without a `platform` candidate.
    case queueWithoutPlatform = "queue_without_platform"
}
