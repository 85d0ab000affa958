/// What an Azure Blob service SAS grants: the resource, the permissions and time window, and the
/// optional restrictions and response-header overrides.
public struct AzureBlobSASRequest: Sendable, Equatable {
    /// The resource the SAS is for.
    public enum Resource: Sendable, Equatable {
        /// A container (`sr=c`).
        case container(String)
        /// A blob (`sr=b`).
        case blob(container: String, blob: String)
        /// A blob snapshot (`sr=bs`); the URL must also carry `snapshot=<time>`.
        case blobSnapshot(container: String, blob: String, snapshot: String)
        /// A blob version (`sr=bv`); the URL must also carry `versionid=<id>`.
        case blobVersion(container: String, blob: String, versionID: String)

        /// The `sr` value.
        public var signedResource: String {
            switch self {
            case .container: "c"
            case .blob: "b"
            case .blobSnapshot: "bs"
            case .blobVersion: "bv"
            }
        }

        var container: String {
            switch self {
            case .container(let container), .blob(let container, _), .blobSnapshot(let container, _, _),
                 .blobVersion(let container, _, _):
                container
            }
        }

        var blob: String? {
            switch self {
            case .container: nil
            case .blob(_, let blob), .blobSnapshot(_, let blob, _), .blobVersion(_, let blob, _): blob
            }
        }

        var snapshotTime: String? {
            switch self {
            case .container, .blob: nil
            case .blobSnapshot(_, _, let snapshot): snapshot
            case .blobVersion(_, _, let versionID): versionID
            }
        }
    }

    /// The resource.
    public var resource: Resource
    /// `sp`, e.g. `r`, `racwdt`, `rl`; `nil` when a stored access policy supplies it.
    public var permissions: String?
    /// `st`; `nil` for "from now".
    public var start: AzureSASTime?
    /// `se`; `nil` only when a stored access policy supplies it.
    public var expiry: AzureSASTime?
    /// `si`, a stored access policy on the container.
    public var policyID: String?
    /// `sip`, an IP address or range (`168.1.5.60-168.1.5.70`).
    public var ipRange: String?
    /// `spr`, `https` or `https,http`.
    public var allowedProtocols: String?
    /// `rscc`, the `Cache-Control` the service returns.
    public var cacheControl: String?
    /// `rscd`, the `Content-Disposition` the service returns.
    public var contentDisposition: String?
    /// `rsce`, the `Content-Encoding` the service returns.
    public var contentEncoding: String?
    /// `rscl`, the `Content-Language` the service returns.
    public var contentLanguage: String?
    /// `rsct`, the `Content-Type` the service returns.
    public var contentType: String?
    /// `ses`, the encryption scope for writes.
    public var encryptionScope: String?

    /// Creates a request.
    public init(
        resource: Resource,
        permissions: String?,
        start: AzureSASTime? = nil,
        expiry: AzureSASTime?,
        policyID: String? = nil,
        ipRange: String? = nil,
        allowedProtocols: String? = nil,
        cacheControl: String? = nil,
        contentDisposition: String? = nil,
        contentEncoding: String? = nil,
        contentLanguage: String? = nil,
        contentType: String? = nil,
        encryptionScope: String? = nil
    ) {
        self.resource = resource
        self.permissions = permissions
        self.start = start
        self.expiry = expiry
        self.policyID = policyID
        self.ipRange = ipRange
        self.allowedProtocols = allowedProtocols
        self.cacheControl = cacheControl
        self.contentDisposition = contentDisposition
        self.contentEncoding = contentEncoding
        self.contentLanguage = contentLanguage
        self.contentType = contentType
        self.encryptionScope = encryptionScope
    }
}
