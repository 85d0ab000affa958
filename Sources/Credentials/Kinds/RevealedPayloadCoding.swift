import Foundation

/// JSON coding of the clear-text payloads behind ``SealableCredential/revealedPayload()``.
///
/// The payload structs hold plain strings and exist only for the instant of encoding or decoding.
enum RevealedPayloadCoding {
    static func encode(_ payload: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(payload))
    }

    static func decode<Payload: Decodable>(_ type: Payload.Type, from bytes: [UInt8], kind: CredentialKind) throws -> Payload {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            // The decoding error may quote the input; say only where it failed.
            throw CredentialError(.invalidPayload, "not a sealed \(kind.rawValue) credential payload (\(Self.location(of: error)))")
        }
    }

    private static func location(of error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not JSON" }
        switch error {
        case .keyNotFound(let key, _): return "missing \(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "bad value at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case .dataCorrupted: return "not JSON"
        @unknown default: return "undecodable"
        }
    }
}
