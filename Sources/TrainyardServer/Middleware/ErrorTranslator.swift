import Adapters
import Credentials
import Hummingbird
import NIOCore
import Orchestrator
import Storage

/// Turns whatever a route throws into an ``APIError``, so every failure has the one JSON shape and a stable code;
/// an error nobody anticipated is logged and answered 500 `internal` without its text.
struct ErrorTranslator: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch {
            let translated = Self.translate(error)
            if translated.status == .internalServerError {
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            }
            throw translated
        }
    }

    static func translate(_ error: any Error) -> APIError {
        switch error {
        case let error as DiagnosticsError:
            let first = error.diagnostics.first
            return APIError.badRequest(first?.code ?? "request.invalid", first?.description ?? "\(error)",
                                       details: DiagnosticsView(error.diagnostics))
        case let error as StoreError:
            switch error {
            case .notFound, .profileNotFound: return APIError.notFound(error.code, "\(error)")
            case .invalidName: return APIError.badRequest(error.code, "\(error)")
            case .conflict, .illegalTransition: return APIError(.conflict, code: error.code, message: "\(error)")
            case .database: return APIError(.internalServerError, code: "internal", message: "the request failed on our side")
            }
        case let error as VaultError:
            switch error {
            case .notFound: return APIError.notFound(error.code, "\(error)")
            case .alreadyExists: return APIError(.conflict, code: error.code, message: "\(error)")
            case .unsealable: return APIError(.internalServerError, code: error.code, message: "\(error)")
            }
        case let error as CredentialError:
            return APIError.badRequest(error.code.rawValue, error.message)
        case let error as StorageError:
            switch error {
            case .invalidKey: return APIError.badRequest(error.code, "\(error)")
            case .notFound: return APIError.notFound(error.code, "\(error)")
            case .invalidSignature, .expired: return APIError(.forbidden, code: error.code, message: "\(error)")
            case .credentials(let backendCode, _), .backend(let backendCode, _):
                return APIError(.badGateway, code: error.code, message: "the storage backend answered \(backendCode)")
            case .checksumMismatch:
                return APIError(.badGateway, code: error.code, message: "a stored object does not match its checksum")
            case .io, .invalidLocation, .missingCredentials:
                return APIError(.internalServerError, code: "internal", message: "the request failed on our side")
            }
        case let error as JobControlError:
            return APIError(.conflict, code: error.code, message: "\(error)")
        case let error as AdapterError:
            return APIError(.badGateway, code: "provider.\(error.errorClass.rawValue)",
                            message: "\(error.provider.rawValue) answered \(error.code ?? error.errorClass.rawValue): \(error.message)")
        case is NIOTooManyBytesError:
            return APIError(.contentTooLarge, code: "request.too_large", message: "the body is larger than \(APIRequestContext.maxBodyBytes) bytes")
        case let error as HTTPError where error.status == .notFound:
            return APIError.notFound("route.not_found", "no such route")
        case let error as HTTPError where error.status == .methodNotAllowed:
            return APIError(.methodNotAllowed, code: "route.method_not_allowed", message: "this route does not take that method")
        case let error as any HTTPResponseError where error.status == .contentTooLarge:
            return APIError(.contentTooLarge, code: "request.too_large", message: "the body is larger than \(APIRequestContext.maxBodyBytes) bytes")
        case let error as any HTTPResponseError where (400..<500).contains(error.status.code):
            return APIError(error.status, code: "request.invalid", message: error.status.reasonPhrase)
        default:
            return APIError(.internalServerError, code: "internal", message: "the request failed on our side")
        }
    }
}

/// Located problems in a profile or job spec, as `details.diagnostics`.
struct DiagnosticsView: Encodable, Sendable {
    struct Item: Encodable, Sendable {
        var code: String
        var path: String
        var line: Int
        var column: Int
        var message: String
    }

    var diagnostics: [Item]

    init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.map { Item(code: $0.code, path: $0.path, line: $0.line, column: $0.column, message: $0.message) }
    }
}
