/// Azure Blob service shared access signatures (service SAS) signed with the account key,
/// byte-compatible with azure-storage-blob's `generate_blob_sas` and `generate_container_sas`.
///
/// For service version `2026-10-06` (any version from `2020-12-06` on uses the same layout), the
/// string to sign is these fields, one per line, no trailing newline, absent ones empty:
/// `sp, st, se, canonicalizedResource, si, sip, spr, sv, sr, snapshotTime, ses, rscc, rscd, rsce,
/// rscl, rsct`. The canonicalized resource is `/blob/<account>/<container>[/<blob>]` with the blob
/// name as is, **not** percent-encoded. The signature is base64 of HMAC-SHA256 under the decoded key.
///
/// The token lists `st, se, sp, sip, spr, sv, si, sr, rscc, rscd, rsce, rscl, rsct, ses, sig` (absent
/// ones left out), each value encoded as Python's `urllib.parse.quote` does: only
/// `A-Z a-z 0-9 _ . - ~` and `/` stay as they are.
public struct AzureBlobSASSigner: Sendable {
    /// The service version signed as `sv`.
    public static let serviceVersion = "2026-10-06"

    /// The account and its key.
    public let account: AzureStorageAccountKey
    /// The Blob service endpoint without a trailing slash, `https://<account>.blob.core.windows.net` by default.
    public let endpoint: String

    /// Creates a signer; `endpoint` defaults to the public-cloud Blob endpoint of the account.
    public init(account: AzureStorageAccountKey, endpoint: String? = nil) {
        self.account = account
        var endpoint = endpoint ?? "https://\(account.accountName).blob.core.windows.net"
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        self.endpoint = endpoint
    }

    /// The canonicalized resource, `/blob/<account>/<container>[/<blob>]`.
    public func canonicalizedResource(_ resource: AzureBlobSASRequest.Resource) -> String {
        var text = "/blob/\(account.accountName)/\(resource.container)"
        if let blob = resource.blob { text += "/\(blob)" }
        return text
    }

    /// The string to sign for `request`.
    public func stringToSign(for request: AzureBlobSASRequest) -> String {
        [
            request.permissions,
            request.start?.text,
            request.expiry?.text,
            canonicalizedResource(request.resource),
            request.policyID,
            request.ipRange,
            request.allowedProtocols,
            Self.serviceVersion,
            request.resource.signedResource,
            request.resource.snapshotTime,
            request.encryptionScope,
            request.cacheControl,
            request.contentDisposition,
            request.contentEncoding,
            request.contentLanguage,
            request.contentType,
        ].map { $0 ?? "" }.joined(separator: "\n")
    }

    /// Signs `request` and returns the token and the URL.
    public func sas(for request: AzureBlobSASRequest) throws -> AzureSASToken {
        guard !request.resource.container.isEmpty else { throw AzureSigningError.invalidRequest("empty container name") }
        if let blob = request.resource.blob, blob.isEmpty { throw AzureSigningError.invalidRequest("empty blob name") }
        guard request.expiry != nil || request.policyID != nil else {
            throw AzureSigningError.invalidRequest("a SAS needs an expiry unless a stored access policy (si) gives one")
        }
        guard request.permissions != nil || request.policyID != nil else {
            throw AzureSigningError.invalidRequest("a SAS needs permissions unless a stored access policy (si) gives them")
        }
        let stringToSign = stringToSign(for: request)
        let signature = try account.signature(stringToSign)
        let fields: [(String, String?)] = [
            ("st", request.start?.text), ("se", request.expiry?.text), ("sp", request.permissions),
            ("sip", request.ipRange), ("spr", request.allowedProtocols), ("sv", Self.serviceVersion),
            ("si", request.policyID), ("sr", request.resource.signedResource), ("rscc", request.cacheControl),
            ("rscd", request.contentDisposition), ("rsce", request.contentEncoding), ("rscl", request.contentLanguage),
            ("rsct", request.contentType), ("ses", request.encryptionScope), ("sig", signature),
        ]
        let token = fields.compactMap { name, value in
            value.map { "\(name)=\(AWSURIEncoding.encode($0, keeping: .slash))" }
        }.joined(separator: "&")
        var url = "\(endpoint)/\(AWSURIEncoding.encode(request.resource.container))"
        if let blob = request.resource.blob {
            url += "/" + AWSURIEncoding.encode(blob, keeping: .slash)
        }
        return AzureSASToken(token: token, url: "\(url)?\(token)", stringToSign: stringToSign, signature: signature)
    }
}
