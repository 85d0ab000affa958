import Foundation
import HTTPTypes
import Hummingbird
import Orchestrator

/// A job request body: the fields of a CLI job file, plus `profile`, the name of a stored profile. The spec is
/// read by the CLI's own parser, so the keys, checks and error codes are the same.
struct JobRequest {
    var profileName: String
    var spec: JobSpec

    static func read(_ request: Request, context: APIRequestContext) async throws -> JobRequest {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any] else {
            throw APIError.badRequest("request.invalid_json", "the body must be a JSON object: the job's fields and profile")
        }
        var fields = object
        guard let profile = fields.removeValue(forKey: "profile") as? String, !profile.isEmpty else {
            throw APIError.badRequest("job.missing_profile", "profile: the name of a stored profile is required")
        }
        let text = String(decoding: try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self)
        var spec = try JobSpecParser().parse(text, file: "request body")
        if let key = request.headers[.idempotencyKey] {
            guard !key.isEmpty, key.utf8.count <= 255 else {
                throw APIError.badRequest("request.invalid_idempotency_key", "Idempotency-Key must be 1 to 255 characters")
            }
            spec.idempotencyKey = key
        }
        return JobRequest(profileName: profile, spec: spec)
    }
}

extension HTTPField.Name {
    /// `Idempotency-Key`: a repeated submission with the same key returns the first job.
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
}
