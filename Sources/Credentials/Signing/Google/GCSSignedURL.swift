/// A GCS V4 signed URL, the headers its user must send, and the signing intermediates.
///
/// The description shows the method and the URL without its query, so that logging the value never
/// logs the signature.
public struct GCSSignedURL: Sendable, Equatable {
    /// The HTTP method the URL is valid for.
    public let method: String
    /// The full URL: the canonical query followed by `&X-Goog-Signature=<hex>`.
    public let url: String
    /// Signed headers other than `host`, which the request must carry with exactly these values.
    /// For a customer-supplied encryption key this includes the key itself.
    public let headers: [GCSSignedURLRequest.Field]
    /// The canonical request that was signed.
    public let canonicalRequest: String
    /// The string to sign.
    public let stringToSign: String
    /// The lower-case hex RSA-SHA256 signature.
    public let signature: String
}

extension GCSSignedURL: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        let withoutQuery = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        return "GCSSignedURL(\(method) \(withoutQuery)?<signed query>)"
    }

    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["method": method]) }
}
