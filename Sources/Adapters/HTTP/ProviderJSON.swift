import Foundation

/// JSON request bodies as adapters send them: sorted keys and unescaped slashes, so that a body is byte-stable.
enum ProviderJSON {
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}
