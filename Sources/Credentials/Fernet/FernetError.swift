/// Why a Fernet operation failed.
///
/// Every kind of tampering (bad base64, wrong length, wrong version byte, wrong MAC, bad padding,
/// wrong key) is the single case ``invalidToken``, so that an attacker learns nothing about which
/// check failed. Time checks run only after the MAC has been verified, so ``expired`` and
/// ``timestampTooFarInFuture`` are reported only for authentic tokens.
public enum FernetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The key is not 32 bytes of url-safe base64 (or not 32 bytes at all).
    case invalidKey(reason: String)
    /// The token is malformed, was not made with this key, or was altered.
    case invalidToken
    /// The token is authentic but older than the TTL allows.
    case expired
    /// The token is authentic but its timestamp is more than ``Fernet/maximumClockSkew`` seconds ahead.
    case timestampTooFarInFuture

    /// A stable, machine-readable code, e.g. `fernet.invalid_token`.
    public var code: String {
        switch self {
        case .invalidKey: "fernet.invalid_key"
        case .invalidToken: "fernet.invalid_token"
        case .expired: "fernet.expired"
        case .timestampTooFarInFuture: "fernet.future_timestamp"
        }
    }

    public var description: String {
        switch self {
        case .invalidKey(let reason): "\(code): \(reason)"
        case .invalidToken: "\(code): the token is malformed, altered, or was made with another key"
        case .expired: "\(code): the token is older than its TTL"
        case .timestampTooFarInFuture: "\(code): the token timestamp is too far in the future"
        }
    }
}
