import Foundation

/// The HTTP date format (RFC 1123 in GMT, `Sun, 06 Nov 1994 08:49:37 GMT`) of `Last-Modified`, `x-ms-date` and
/// Azure's listings.
public enum HTTPDate {
    /// `date` as an HTTP date.
    public static func format(_ date: Date) -> String { formatter().string(from: date) }

    /// The instant an HTTP date names, or `nil` when `text` is not one.
    public static func parse(_ text: String) -> Date? { formatter().date(from: text) }

    private static func formatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }
}
