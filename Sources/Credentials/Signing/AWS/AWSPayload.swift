/// What the SigV4 payload hash (the last line of the canonical request) is computed from.
public enum AWSPayload: Sendable, Equatable {
    /// The exact body bytes, hashed with SHA-256. Use `.bytes([])` for an empty body.
    case bytes([UInt8])
    /// A lower-case hex SHA-256 the caller computed, e.g. for a file streamed from disk.
    case precomputedSHA256(String)
    /// `UNSIGNED-PAYLOAD`: the body is not covered (S3 presigned URLs and streamed uploads).
    case unsigned

    /// The literal S3 and presigned requests use in place of a payload hash.
    public static let unsignedPayloadLiteral = "UNSIGNED-PAYLOAD"

    /// The value that goes into the canonical request (and `x-amz-content-sha256`).
    public func hash() throws -> String {
        switch self {
        case .bytes(let bytes): try SHA256.hexDigest(bytes)
        case .precomputedSHA256(let hex): hex
        case .unsigned: Self.unsignedPayloadLiteral
        }
    }
}
