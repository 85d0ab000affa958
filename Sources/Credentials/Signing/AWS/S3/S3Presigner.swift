import Foundation

/// Presigned S3 URLs, byte-compatible with botocore's `generate_presigned_url`.
///
/// Addressing follows botocore (see ``S3AddressingStyle``): buckets that cannot be a DNS label
/// (dots, upper case, underscores, fewer than 3 or more than 63 characters) always go path-style;
/// the default endpoint is `s3.amazonaws.com` for us-east-1 and `s3.<region>.amazonaws.com`
/// elsewhere. With a custom ``S3Endpoint``, path-style uses that host, and virtual-hosted style
/// prefixes it with the bucket unless the host is an IP address.
///
/// The key is percent-encoded once (`/` and `~` kept) and the path is signed as sent, without
/// normalisation: `a//b`, `./` and `../` segments and a leading `/` in the key are all preserved.
/// The payload is `UNSIGNED-PAYLOAD`.
public struct S3Presigner: Sendable {
    /// The region of the credential scope.
    public let region: String
    /// A custom endpoint, or `nil` for AWS's.
    public let endpoint: S3Endpoint?
    /// The addressing style.
    public let addressingStyle: S3AddressingStyle
    private let signer: AWSSigV4Signer

    /// Creates a presigner. A session token in `credentials` is signed as `X-Amz-Security-Token`.
    public init(
        credentials: AWSCredentials,
        region: String,
        endpoint: S3Endpoint? = nil,
        addressingStyle: S3AddressingStyle = .automatic,
        keyCache: AWSSigningKeyCache = .shared
    ) {
        self.region = region
        self.endpoint = endpoint
        self.addressingStyle = addressingStyle
        signer = AWSSigV4Signer(
            credentials: credentials, region: region, service: "s3",
            pathCanonicalization: .asSent, sessionTokenPlacement: .signed, keyCache: keyCache
        )
    }

    /// Presigns `request` for `expiresIn` seconds (1...604800) from `date`.
    public func presignedURL(for request: S3PresignRequest, date: Date, expiresIn: Int) throws -> S3PresignedURL {
        guard !request.bucket.isEmpty else { throw AWSSigningError.invalidRequest("empty bucket name") }
        guard !request.key.isEmpty else { throw AWSSigningError.invalidRequest("empty object key") }
        let (scheme, host, path) = location(bucket: request.bucket, key: request.key)
        let presigned = try signer.presign(
            AWSSigV4Request(
                method: request.method,
                path: path,
                query: request.query,
                headers: [.init("Host", host)] + request.headers
            ),
            payload: .unsigned,
            date: date,
            expiresIn: expiresIn
        )
        return S3PresignedURL(
            method: request.method,
            url: "\(scheme)://\(host)\(path)?\(presigned.encodedQuery)",
            headers: request.headers,
            canonicalRequest: presigned.canonicalRequest,
            stringToSign: presigned.stringToSign,
            signature: presigned.signature
        )
    }

    /// Scheme, `Host` value and encoded path for an object, following botocore's addressing rules
    /// (virtual-hosted where the bucket allows, else path style); S3 requests use the same.
    public func location(bucket: String, key: String) -> (scheme: String, host: String, path: String) {
        let encodedKey = AWSURIEncoding.encodePathKeepingSlashes(key)
        let pathStyle = "/" + AWSURIEncoding.encode(bucket) + "/" + encodedKey
        let virtual = addressingStyle != .path && Self.isVirtualHostable(bucket)
        if let endpoint {
            if virtual, !endpoint.hostIsIPAddress {
                return (endpoint.scheme, "\(bucket).\(endpoint.hostHeader)", "/" + encodedKey)
            }
            return (endpoint.scheme, endpoint.hostHeader, pathStyle)
        }
        let regionalHost = region == "us-east-1" ? "s3.amazonaws.com" : "s3.\(region).amazonaws.com"
        guard virtual else {
            return ("https", regionalHost, pathStyle)
        }
        let host = addressingStyle == .automatic ? "s3.amazonaws.com" : regionalHost
        return ("https", "\(bucket).\(host)", "/" + encodedKey)
    }

    /// Whether `bucket` can be the first label of a host name: 3 to 63 of `a-z 0-9 -`,
    /// starting and ending with a letter or digit.
    static func isVirtualHostable(_ bucket: String) -> Bool {
        let bytes = Array(bucket.utf8)
        func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard (3...63).contains(bytes.count), let first = bytes.first, let last = bytes.last else { return false }
        return isLowerAlphanumeric(first) && isLowerAlphanumeric(last)
            && bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }
}
