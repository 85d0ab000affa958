/// AWS error codes and HTTP statuses as Trainyard error classes, for SageMaker (JSON 1.1) and STS (query).
///
/// Retryable codes are botocore's retry mode "standard" lists (`botocore/retries/standard.py`, transient and
/// throttled) plus the legacy 509; quota and credential codes are SageMaker's and STS's own.
public enum AWSErrorClassifier {
    /// Transient codes of botocore's standard retry mode.
    public static let transientCodes: Set<String> = ["RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"]
    /// Throttling codes of botocore's standard retry mode.
    public static let throttledCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException", "IDPCommunicationError",
    ]
    /// HTTP statuses retried whatever the code (429, 5xx gateways, 509).
    public static let retryableStatuses: Set<Int> = [429, 500, 502, 503, 504, 509]
    /// Account limits: fall back to another provider.
    public static let quotaCodes: Set<String> = ["ResourceLimitExceeded"]
    /// Refused, unknown, expired or unauthorized credentials.
    public static let credentialCodes: Set<String> = [
        "UnrecognizedClientException", "InvalidSignatureException", "ExpiredTokenException", "AccessDeniedException",
        "InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken", "AccessDenied", "MissingAuthenticationToken",
        "IncompleteSignature", "InvalidAccessKeyId",
    ]

    /// The class of an error answer with `code` (the part after `#` of `__type`, or `<Error><Code>`) and `status`.
    public static func classify(code: String?, status: Int) -> ErrorClass {
        if let code {
            if transientCodes.contains(code) || throttledCodes.contains(code) { return .retryable }
            if quotaCodes.contains(code) { return .quota }
            if credentialCodes.contains(code) { return .credentials }
        }
        if retryableStatuses.contains(status) { return .retryable }
        if status == 401 || status == 403 { return .credentials }
        return .invalid
    }
}
