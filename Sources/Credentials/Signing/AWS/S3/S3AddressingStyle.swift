/// How a bucket appears in an S3 URL.
public enum S3AddressingStyle: Sendable {
    /// botocore's default (`addressing_style` not set): virtual-hosted on the global
    /// `<bucket>.s3.amazonaws.com` host whatever the region, path-style for buckets that cannot be
    /// a host label (dots, upper case, underscores, wrong length).
    case automatic
    /// `<bucket>.s3.<region>.amazonaws.com` (`<bucket>.s3.amazonaws.com` in us-east-1); buckets that
    /// cannot be a host label still go path-style, as in botocore.
    case virtualHosted
    /// `s3.<region>.amazonaws.com/<bucket>` (`s3.amazonaws.com/<bucket>` in us-east-1).
    case path
}
