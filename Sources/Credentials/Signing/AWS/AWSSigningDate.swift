import Foundation

/// A signing time in the two forms SigV4 uses, computed in UTC without locale or calendar state.
struct AWSSigningDate: Sendable, Equatable {
    /// `YYYYMMDD'T'HHMMSS'Z'`, the `X-Amz-Date` value.
    let timestamp: String
    /// `YYYYMMDD`, the credential-scope date.
    let dateStamp: String

    init(_ date: Date) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        dateStamp = pad(year, 4) + pad(month, 2) + pad(day, 2)
        timestamp = dateStamp + "T" + pad(secondOfDay / 3600, 2) + pad(secondOfDay / 60 % 60, 2)
            + pad(secondOfDay % 60, 2) + "Z"
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
