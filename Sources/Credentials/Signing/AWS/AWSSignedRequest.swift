/// A canonical request and the `SignedHeaders` list it implies.
public struct AWSCanonicalRequest: Sendable, Equatable {
    /// The canonical request text (no trailing newline).
    public let text: String
    /// The lower-cased, sorted, `;`-separated names of the signed headers.
    public let signedHeaders: String
}

/// The result of signing a request with an `Authorization` header.
public struct AWSSignedRequest: Sendable, Equatable {
    /// The request with `X-Amz-Date`, `Authorization` and any session-token or content-hash
    /// headers added; send exactly these headers.
    public let request: AWSSigV4Request
    /// Step 1's canonical request.
    public let canonicalRequest: String
    /// Step 2's string to sign.
    public let stringToSign: String
    /// The hex signature.
    public let signature: String
    /// The `Authorization` header value.
    public let authorization: String
}

/// The result of presigning a request with query parameters.
public struct AWSPresignedRequest: Sendable, Equatable {
    /// The request with the `X-Amz-*` query parameters appended, `X-Amz-Signature` last.
    public let request: AWSSigV4Request
    /// Step 1's canonical request.
    public let canonicalRequest: String
    /// Step 2's string to sign.
    public let stringToSign: String
    /// The hex signature.
    public let signature: String

    /// The query string of the presigned URL, parameters percent-encoded in emission order.
    public var encodedQuery: String {
        request.query
            .map { "\(AWSURIEncoding.encodeQueryComponent($0.name))=\(AWSURIEncoding.encodeQueryComponent($0.value))" }
            .joined(separator: "&")
    }
}
