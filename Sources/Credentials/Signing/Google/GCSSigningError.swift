/// Why a GCS V4 signed URL could not be made.
public enum GCSSigningError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An expiry outside `1...604800` seconds.
    case invalidExpiry(Int)
    /// An endpoint or bucket-bound host name that cannot be used; the string says why.
    case invalidEndpoint(String)
    /// A request that cannot be expressed (empty bucket, bad header, bad encryption key); the string says why.
    case invalidRequest(String)

    /// A stable, machine-readable code.
    public var code: String {
        switch self {
        case .invalidExpiry: "gcs_v4.invalid_expiry"
        case .invalidEndpoint: "gcs_v4.invalid_endpoint"
        case .invalidRequest: "gcs_v4.invalid_request"
        }
    }

    public var description: String {
        switch self {
        case .invalidExpiry(let seconds):
            "\(code): expiry \(seconds) s is outside 1...\(GCSV4Signer.maximumExpiry) s"
        case .invalidEndpoint(let reason), .invalidRequest(let reason):
            "\(code): \(reason)"
        }
    }
}
