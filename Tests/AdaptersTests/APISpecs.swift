import Foundation
import TestSupport

/// The vendor contracts in `../shared/api-specs`, read as JSON.
enum APISpecs {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// The JSON object of `relativePath` inside the specs folder.
    static func object(_ relativePath: String) throws -> [String: Any] {
        let path = "\(ProviderSimulator.specsFolder)/\(relativePath)"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Missing(description: "\(path) is missing: the vendor schemas must be at <package root>/../shared/api-specs")
        }
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw Missing(description: "\(path) is not a JSON object") }
        return object
    }

    /// The value at a path of object keys.
    static func value(_ object: [String: Any], _ keys: String...) -> Any? {
        var current: Any? = object
        for key in keys { current = (current as? [String: Any])?[key] }
        return current
    }

    /// The provider's entry of `state-mapping.json`: state name → its mapping object.
    static func stateMapping(_ provider: String) throws -> [String: [String: Any]] {
        (value(try object("state-mapping.json"), provider, "map") as? [String: [String: Any]]) ?? [:]
    }
}
