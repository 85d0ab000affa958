import Hummingbird
import Orchestrator

/// The request context of Trainyard's API: the request's logger and, once ``APIKeyAuthenticator`` has read the
/// bearer key, who is calling.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller; set on every `/v1` route except the OpenAPI document.
    public var principal: Principal?

    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        principal = nil
    }

    /// Request bodies larger than this are refused with 413 `request.too_large`.
    public var maxUploadSize: Int { APIRequestContext.maxBodyBytes }

    /// 1 MiB: profiles, job specs and credentials are far smaller.
    public static let maxBodyBytes = 1 << 20

    /// The caller, when their key's role includes `role`.
    ///
    /// - Throws: 401 `auth.required` without a caller, 403 `auth.forbidden` for a role below `role`.
    public func require(_ role: Role) throws(APIError) -> Principal {
        guard let principal else { throw APIError.unauthenticated("an API key is required: Authorization: Bearer <key>") }
        guard principal.role.includes(role) else {
            throw APIError(.forbidden, code: "auth.forbidden", message: "this needs the \(role.rawValue) role; the key has \(principal.role.rawValue)")
        }
        return principal
    }
}
