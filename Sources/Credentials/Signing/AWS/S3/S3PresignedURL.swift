/// A presigned S3 URL with the headers its holder must send and the signing intermediates.
public struct S3PresignedURL: Sendable, Equatable {
    /// The HTTP method the URL is valid for.
    public let method: String
    /// The full URL, query in botocore's order (`X-Amz-Signature` last).
    public let url: String
    /// Signed headers other than `Host` that the request must carry with exactly these values.
    public let headers: [AWSSigV4Request.Field]
    /// The canonical request that was signed.
    public let canonicalRequest: String
    /// The string to sign.
    public let stringToSign: String
    /// The hex signature (the `X-Amz-Signature` value).
    public let signature: String
}
