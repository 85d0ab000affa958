import Foundation

/// RFC 3339 timestamps as providers send them, with or without fractional seconds.
enum RFC3339 {
    private static let plain = Date.ISO8601FormatStyle()
    private static let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func date(_ text: String?) -> Date? {
        guard let text else { return nil }
        return (try? plain.parse(text)) ?? (try? fractional.parse(text))
    }
}
