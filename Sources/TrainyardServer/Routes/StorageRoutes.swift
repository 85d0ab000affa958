import Foundation
import Hummingbird
import Orchestrator
import Storage

/// `POST /v1/storage/presign`: a URL that lets whoever holds it read (`GET`, viewer role) or write (`PUT`, member
/// role) one object under the caller's organization's prefix, until it expires.
struct StorageRoutes {
    let environment: APIEnvironment

    func register(on group: RouterGroup<APIRequestContext>) {
        group.post("storage/presign") { request, context in try await presign(request, context) }
    }

    private func presign(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        var caller = try context.require(.viewer)
        let body = try await APIJSON.decode(PresignRequest.self, from: request, context: context)
        guard let method = PresignMethod(rawValue: body.method.uppercased()) else {
            throw APIError.badRequest("request.invalid_method", "method: GET or PUT")
        }
        if method == .put { caller = try context.require(.member) }
        let expiresIn = body.expiresIn ?? APIEnvironment.presignedURLSeconds
        guard (1...604_800).contains(expiresIn) else {
            throw APIError.badRequest("request.invalid_expiry", "expires_in: 1 to 604800 seconds")
        }
        let storage = try environment.requireStorage()
        let key = try StorageKey(organization: caller.organization, path: body.key)
        let now = Date()
        return try APIJSON.response(PresignView(
            key: key.path, method: method.rawValue, url: try storage.presignedURL(for: key, method: method, expiresIn: expiresIn, now: now),
            expiresAt: now.addingTimeInterval(TimeInterval(expiresIn))))
    }
}

/// The body of `POST /v1/storage/presign`.
struct PresignRequest: Decodable {
    /// The object's path below the organization's prefix.
    var key: String
    var method: String
    var expiresIn: Int?
}

/// A presigned URL.
struct PresignView: Encodable {
    var key: String
    var method: String
    var url: String
    var expiresAt: Date
}
