import Foundation

/// A signing time in the two forms SigV4 uses, computed in UTC without locale or calendar state.
struct AWSSigningDate: Sendable, Equatable {
    /// Whole seconds since the Unix epoch (rounded down).
    let seconds: Int64
    /// Days since 1970-01-01 (rounded down): the credential-scope date.
    let days: Int64

    init(_ date: Date) {
        seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    }

    /// `YYYYMMDD'T'HHMMSS'Z'`, the `X-Amz-Date` value.
    var timestamp: String {
        var writer = ByteWriter(capacity: 16)
        appendTimestamp(to: &writer)
        return writer.string(0..<writer.count)
    }

    /// `YYYYMMDD`, the credential-scope date.
    var dateStamp: String {
        var writer = ByteWriter(capacity: 16)
        appendDateStamp(to: &writer)
        return writer.string(0..<writer.count)
    }

    /// Appends the 8 characters of ``dateStamp`` (4-digit years; years past 9999 keep all their digits).
    func appendDateStamp(to writer: inout ByteWriter) {
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        if year >= 0 && year <= 9999 {
            writer.appendTwoDigits(Int(year) / 100)
            writer.appendTwoDigits(Int(year) % 100)
        } else {
            Self.appendPadded(year, width: 4, to: &writer)
        }
        writer.appendTwoDigits(Int(month))
        writer.appendTwoDigits(Int(day))
    }

    /// Appends the 16 characters of ``timestamp``.
    func appendTimestamp(to writer: inout ByteWriter) {
        appendDateStamp(to: &writer)
        appendTimeOfDay(to: &writer)
    }

    /// Appends `'T'HHMMSS'Z'`, the part of ``timestamp`` after the date stamp.
    func appendTimeOfDay(to writer: inout ByteWriter) {
        let secondOfDay = Int(seconds - days * 86_400)
        writer.append(UInt8(ascii: "T"))
        writer.appendTwoDigits(secondOfDay / 3600)
        writer.appendTwoDigits(secondOfDay / 60 % 60)
        writer.appendTwoDigits(secondOfDay % 60)
        writer.append(UInt8(ascii: "Z"))
    }

    /// The original formatting for years outside 0...9999: `String(value)` left-padded with `0` to `width`.
    private static func appendPadded(_ value: Int64, width: Int, to writer: inout ByteWriter) {
        let digits = String(value)
        writer.append(String(repeating: "0", count: max(0, width - digits.count)) + digits)
    }

    /// Proleptic Gregorian date for a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    private static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
