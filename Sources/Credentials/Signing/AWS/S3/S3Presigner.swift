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
    /// `s3.amazonaws.com` in us-east-1, `s3.<region>.amazonaws.com` elsewhere.
    private let regionalHost: String

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
        regionalHost = region == "us-east-1" ? "s3.amazonaws.com" : "s3.\(region).amazonaws.com"
        signer = AWSSigV4Signer(
            credentials: credentials, region: region, service: "s3",
            pathCanonicalization: .asSent, sessionTokenPlacement: .signed, keyCache: keyCache
        )
    }

    /// Presigns `request` for `expiresIn` seconds (1...604800) from `date`.
    public func presignedURL(for request: S3PresignRequest, date: Date, expiresIn: Int) throws -> S3PresignedURL {
        guard !request.bucket.isEmpty else { throw AWSSigningError.invalidRequest("empty bucket name") }
        guard !request.key.isEmpty else { throw AWSSigningError.invalidRequest("empty object key") }
        let location = location(bucket: request.bucket)
        // S3 signs the path as sent, and an encoded key re-encodes to itself, so the encoded path
        // is written once as the canonical URI and copied into the URL.
        let parts = try signer.presignCore(
            method: request.method, query: request.query, headers: request.headers,
            payload: .unsigned, date: date, expiresIn: expiresIn,
            generatedHost: { writer in
                location.appendHost(bucket: request.bucket, to: &writer)
                return true
            },
            canonicalURI: { writer in
                location.appendPath(bucket: request.bucket, key: request.key, to: &writer)
            },
            urlPrefix: { writer, host, path in
                guard let host else { return false }
                writer.append(location.scheme)
                writer.append("://" as StaticString)
                writer.appendCopy(of: host)
                writer.appendCopy(of: path)
                return true
            }
        )
        if let parts, let url = parts.url {
            return S3PresignedURL(
                method: request.method,
                url: url,
                headers: request.headers,
                canonicalRequest: parts.canonicalRequest,
                stringToSign: parts.stringToSign,
                signature: parts.signature
            )
        }
        // Header names outside ASCII: the signer's reference path, from the same location as strings.
        let scheme = location.scheme
        let host = location.host(bucket: request.bucket)
        let path = location.path(bucket: request.bucket, key: request.key)
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

    /// Where an object lives: the URL scheme, the host (optionally prefixed with the bucket as a
    /// label) and whether the path starts with the bucket (path style).
    private struct Location {
        let scheme: String
        let bucketLabel: Bool
        let baseHost: String
        let pathStyle: Bool

        /// The `Host` value: `<bucket>.<baseHost>` or `<baseHost>`.
        func appendHost(bucket: String, to writer: inout ByteWriter) {
            if bucketLabel {
                writer.append(bucket)
                writer.append(UInt8(ascii: "."))
            }
            writer.append(baseHost)
        }

        /// `/<bucket>/<key>` (path style) or `/<key>`, the bucket percent-encoded and the key
        /// encoded keeping `/`.
        func appendPath(bucket: String, key: String, to writer: inout ByteWriter) {
            writer.append(UInt8(ascii: "/"))
            if pathStyle {
                AWSURIEncoding.appendEncoded(bucket, to: &writer)
                writer.append(UInt8(ascii: "/"))
            }
            AWSURIEncoding.appendEncoded(key, keeping: .slash, to: &writer)
        }

        func host(bucket: String) -> String {
            var writer = ByteWriter(capacity: 128)
            appendHost(bucket: bucket, to: &writer)
            return writer.string(0..<writer.count)
        }

        func path(bucket: String, key: String) -> String {
            var writer = ByteWriter(capacity: 3 * (bucket.utf8.count + key.utf8.count) + 2)
            appendPath(bucket: bucket, key: key, to: &writer)
            return writer.string(0..<writer.count)
        }
    }

    /// The location of objects in `bucket`, following botocore's addressing rules.
    private func location(bucket: String) -> Location {
        let virtual = addressingStyle != .path && Self.isVirtualHostable(bucket)
        if let endpoint {
            let label = virtual && !endpoint.hostIsIPAddress
            return Location(scheme: endpoint.scheme, bucketLabel: label, baseHost: endpoint.hostHeader, pathStyle: !label)
        }
        guard virtual else {
            return Location(scheme: "https", bucketLabel: false, baseHost: regionalHost, pathStyle: true)
        }
        let host = addressingStyle == .automatic ? "s3.amazonaws.com" : regionalHost
        return Location(scheme: "https", bucketLabel: true, baseHost: host, pathStyle: false)
    }

    /// Scheme, `Host` value and encoded path for an object, following botocore's addressing rules
    /// (virtual-hosted where the bucket allows, else path style); S3 requests use the same.
    public func location(bucket: String, key: String) -> (scheme: String, host: String, path: String) {
        let location = location(bucket: bucket)
        return (location.scheme, location.host(bucket: bucket), location.path(bucket: bucket, key: key))
    }

    /// Whether `bucket` can be the first label of a host name: 3 to 63 of `a-z 0-9 -`,
    /// starting and ending with a letter or digit.
    static func isVirtualHostable(_ bucket: String) -> Bool {
        func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        var bucket = bucket
        return bucket.withUTF8 { bytes in
            guard (3...63).contains(bytes.count), let first = bytes.first, let last = bytes.last else { return false }
            return isLowerAlphanumeric(first) && isLowerAlphanumeric(last)
                && bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }
}
