import Foundation
import Hummingbird

/// Counts and times every request by route template (never the raw path), method and status.
struct RequestMetrics: RouterMiddleware {
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
        metrics.recordRequest(route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: status,
                              seconds: (ContinuousClock.now - start).seconds)
    }
}
