import Foundation

/// Turns a GCS error answer into a ``StorageError`` whose backend code is stable whatever the `reason`
/// Google (or an emulator) writes.
///
/// | status | error |
/// |---|---|
/// | 404 for an object | ``StorageError/notFound(_:)`` |
/// | 404 for a bucket-level request (upload, list) | `NoSuchBucket` |
/// | 404 for a resumable upload session | `NoSuchUpload` |
/// | 400 | `InvalidRequest` |
/// | 401 | `InvalidCredentials` |
/// | 403 | `AccessDenied` |
/// | 409 | `Conflict` |
/// | 412 | `PreconditionFailed` |
/// | 429 | `Throttled` |
/// | 5xx | `ServiceUnavailable` |
/// | other | `HTTP<status>` |
///
/// The message keeps GCS's own `reason` and `message` from the JSON error document, or the start of a
/// body that is not one.
enum GCSErrorMapping {
    /// What a request was about, which decides what a 404 means.
    enum Subject {
        /// The object with this full key.
        case object(String)
        /// The bucket (uploads, listings).
        case bucket
        /// A resumable upload session, which expires.
        case uploadSession
    }

    /// The error for a non-2xx `status` of a request about `subject`.
    static func error(status: Int, body: Data, subject: Subject) -> StorageError {
        if status == 404, case .object(let key) = subject { return .notFound(key) }
        let code = switch status {
        case 404: if case .uploadSession = subject { "NoSuchUpload" } else { "NoSuchBucket" }
        case 400: "InvalidRequest"
        case 401: "InvalidCredentials"
        case 403: "AccessDenied"
        case 409: "Conflict"
        case 412: "PreconditionFailed"
        case 429: "Throttled"
        case 500..<600: "ServiceUnavailable"
        default: "HTTP\(status)"
        }
        return .backend(code: code, message: "HTTP \(status): \(message(in: body))")
    }

    /// `reason: message` from a JSON error document, else the body's first 512 characters.
    static func message(in body: Data) -> String {
        if let document = try? JSONDecoder().decode(GCSJSON.ErrorDocument.self, from: body) {
            let reason = document.error.errors?.first?.reason
            let message = document.error.message ?? document.error.errors?.first?.message ?? "no message"
            return reason.map { "\($0): \(message)" } ?? message
        }
        let text = String(decoding: body.prefix(512), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "no message" : text
    }
}
