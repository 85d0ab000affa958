import Foundation
import Hummingbird
import Logging

/// Records every answered request: a count and a duration by route template (never the raw path), method and status,
/// and one log line with method, path, status and duration under the request id the server put on the context's
/// logger. The path is logged without its query: a presigned `/files/` URL's query holds the signature that grants it.
struct RequestRecorder: RouterMiddleware {
    typealias Context = APIRequestContext

    let metrics: ServiceMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, status: response.status.code, start: start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            record(request, context, status: status, start: start)
            throw error
        }
    }

    private func record(_ request: Request, _ context: Context, status: Int, start: ContinuousClock.Instant) {
        let seconds = (ContinuousClock.now - start).seconds
        metrics.recordRequest(route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: status, seconds: seconds)
        context.logger.info("request", metadata: [
            "method": .string(request.method.rawValue), "path": .string(request.uri.path), "status": .stringConvertible(status),
            "seconds": .stringConvertible((seconds * 10_000).rounded() / 10_000),
        ])
    }
}
