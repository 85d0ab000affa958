import Foundation

/// A SAS start or expiry time.
public enum AzureSASTime: Sendable, Equatable {
    /// An instant, written in UTC as `YYYY-MM-DDTHH:MM:SSZ`.
    case date(Date)
    /// Text used verbatim in the token and the string to sign (e.g. `2026-04-03T15:00:21.0000000Z`),
    /// as azure-storage-blob does with a string argument.
    case literal(String)

    /// The value as it is signed and sent.
    public var text: String {
        switch self {
        case .literal(let text):
            return text
        case .date(let date):
            // AWSSigningDate gives YYYYMMDDTHHMMSSZ in UTC; insert the separators.
            let compact = Array(AWSSigningDate(date).timestamp)
            return String(compact[0..<4]) + "-" + String(compact[4..<6]) + "-" + String(compact[6..<8]) + "T"
                + String(compact[9..<11]) + ":" + String(compact[11..<13]) + ":" + String(compact[13..<15]) + "Z"
        }
    }
}
