import Foundation
import Credentials

/// JSON request bodies as adapters send them: sorted keys and unescaped slashes, so that a body is byte-stable.
enum ProviderJSON {
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}

extension AdapterError {
    /// The classified error of a failed token request for `provider`'s API.
    init(token error: TokenError, provider: ProviderKind) {
        let errorClass: ErrorClass = switch error.category {
        case .credentials: .credentials
        case .retryable: .retryable
        case .invalid: .invalid
        }
        self.init(errorClass, provider: provider, code: error.code, message: "token request: \(error.message)")
    }
}
