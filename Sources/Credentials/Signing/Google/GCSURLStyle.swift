/// Where the bucket appears in a GCS signed URL.
public enum GCSURLStyle: Sendable, Equatable {
    /// `https://storage.googleapis.com/<bucket>/<object>` (the default).
    case path
    /// `https://<bucket>.storage.googleapis.com/<object>`.
    case virtualHosted
    /// A host name bound to the bucket, e.g. a CDN or load balancer in front of it:
    /// `<scheme>://<hostname>/<object>`. `scheme` is `http` or `https`.
    case bucketBoundHostname(String, scheme: String)
}
