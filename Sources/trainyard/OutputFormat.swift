import ArgumentParser

/// `--output table|json`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
}
