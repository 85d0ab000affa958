/// Why a SigV4 request could not be signed.
public enum AWSSigningError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request has no `Host` header.
    case missingHostHeader
    /// A presign expiry outside `1...604800` seconds.
    case invalidExpiry(Int)
    /// A request that cannot be expressed (bad bucket, key or endpoint); the string says why.
    case invalidRequest(String)

    /// A stable, machine-readable code.
    public var code: String {
        switch self {
        case .missingHostHeader: "sigv4.missing_host"
        case .invalidExpiry: "sigv4.invalid_expiry"
        case .invalidRequest: "sigv4.invalid_request"
        }
    }

    public var description: String {
        switch self {
        case .missingHostHeader: "\(code): the request has no Host header"
        case .invalidExpiry(let seconds):
            "\(code): expiry \(seconds) s is outside 1...\(AWSSigV4Signer.maximumPresignExpiry) s"
        case .invalidRequest(let reason): "\(code): \(reason)"
        }
    }
}
