import Foundation

/// The small XML answers of AWS's XML services (S3, and STS's query protocol): single values and errors.
public enum AWSXML {
    /// `<Error><Code>…</Code><Message>…</Message></Error>` (S3's root `Error`, STS's `ErrorResponse/Error`).
    public static func error(_ data: Data) -> (code: String, message: String)? {
        guard let values = XMLTextReader.read(data) else { return nil }
        let code = values.first { $0.path.last == "Code" }?.text
        let message = values.first { $0.path.last == "Message" }?.text
        return code.map { ($0, message ?? "") }
    }

    /// The text of the first element called `name`, entities decoded; `nil` when there is none or the XML is malformed.
    public static func first(_ name: String, in data: Data) -> String? {
        XMLTextReader.read(data)?.first { $0.path.last == name }?.text
    }
}
