import Foundation

/// The GCS JSON API documents the backend reads and writes.
enum GCSJSON {
    /// An object resource, with the fields the backend uses. `size` and `generation` are int64 values,
    /// which the API writes as decimal strings.
    struct Object: Codable {
        var name: String
        var size: String?
        var contentType: String?
        var updated: String?
        var generation: String?
        var metadata: [String: String]?

        /// The description of the object, with the stored checksum taken out of the user metadata.
        func info() throws -> ObjectInfo {
            guard let size = size.flatMap({ Int64($0) }) else {
                throw StorageError.backend(code: "MalformedResponse", message: "object \(name) has no readable size")
            }
            var metadata = metadata ?? [:]
            let checksum = metadata.removeValue(forKey: "sha256")
            return ObjectInfo(key: name, size: size, sha256: checksum, contentType: contentType, metadata: metadata,
                              modified: updated.flatMap(GCSJSON.date) ?? Date(timeIntervalSince1970: 0))
        }
    }

    /// One page of objects.list.
    struct ObjectList: Decodable {
        var items: [Object]?
        var nextPageToken: String?
    }

    /// `{"error": {"code": 404, "message": "…", "errors": [{"reason": "notFound", "message": "…"}]}}`.
    struct ErrorDocument: Decodable {
        struct Details: Decodable {
            var message: String?
            var errors: [Item]?
        }

        struct Item: Decodable {
            var reason: String?
            var message: String?
        }

        var error: Details
    }

    static func decode<Document: Decodable>(_ type: Document.Type, from data: Data) throws -> Document {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw StorageError.backend(code: "MalformedResponse", message: "unreadable \(type) document: \(error)")
        }
    }

    /// RFC 3339 with or without fractional seconds, as `updated` is written.
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }
}
