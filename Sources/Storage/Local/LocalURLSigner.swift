import Credentials
import Foundation

/// Signs and checks the local backend's presigned URLs: HMAC-SHA256 over method, full key and expiry with a
/// server key. The API server serves `GET`/`PUT /files/<key>?expires=…&signature=…` and checks them here.
public struct LocalURLSigner: Sendable {
    private let key: Secret

    /// Creates a signer with the server's signing key (32 random bytes, kept in the state folder).
    public init(key: Secret) {
        self.key = key
    }

    /// The signature of one permission, lower-case hex.
    public func signature(method: PresignMethod, fullKey: String, expires: Int64) throws -> String {
        let message = Array("\(method.rawValue)\n\(fullKey)\n\(expires)".utf8)
        return Hex.encode(try key.withRevealedBytes { try HMACSHA256.authenticationCode(for: message, key: $0) })
    }

    /// The query a URL carries: `expires=<unix seconds>&signature=<hex>`.
    public func query(method: PresignMethod, fullKey: String, expires: Int64) throws -> String {
        "expires=\(expires)&signature=\(try signature(method: method, fullKey: fullKey, expires: expires))"
    }

    /// Checks a request against its signature (in constant time) and its expiry.
    ///
    /// - Throws: ``StorageError/invalidSignature`` for a bad or tampered signature (also a different method
    ///   or key), ``StorageError/expired`` once `now` is past `expires`.
    public func verify(method: PresignMethod, fullKey: String, expires: String, signature: String, now: Date) throws {
        guard let expiry = Int64(expires), let given = try? Hex.decode(signature), given.count == HMACSHA256.byteCount else {
            throw StorageError.invalidSignature
        }
        let message = Array("\(method.rawValue)\n\(fullKey)\n\(expiry)".utf8)
        guard try key.withRevealedBytes({ try HMACSHA256.isValidAuthenticationCode(given, for: message, key: $0) }) else {
            throw StorageError.invalidSignature
        }
        guard Int64(now.timeIntervalSince1970.rounded(.down)) <= expiry else { throw StorageError.expired }
    }
}
