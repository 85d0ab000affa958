import Hummingbird
import Orchestrator

/// Reads `Authorization: Bearer <api key>`, checks the key against the store's hashes, and puts the caller on the
/// context. Routes then demand a role with ``APIRequestContext/require(_:)``.
struct APIKeyAuthenticator: RouterMiddleware {
    typealias Context = APIRequestContext

    let store: JobStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw APIError.unauthenticated("an API key is required: Authorization: Bearer <key>")
        }
        let scheme = "bearer "
        guard header.count > scheme.count, header.prefix(scheme.count).lowercased() == scheme,
              let key = APIKey(token: header.dropFirst(scheme.count).trimmingCharacters(in: .whitespaces)),
              let principal = try await store.authenticate(key)
        else {
            throw APIError.unauthenticated("the API key is not valid")
        }
        var context = context
        context.principal = principal
        context.logger[metadataKey: "org"] = .string(principal.organization)
        context.logger[metadataKey: "api_key"] = .string(principal.keyID)
        return try await next(request, context)
    }
}
