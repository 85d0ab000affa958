import Adapters
import Foundation
import HTTPTypes
import Hummingbird
import Orchestrator

/// `/v1/jobs`: submit (with `Idempotency-Key`), list with filters and a cursor, show (with a completed job's
/// artifacts as presigned URLs), cancel, retry, logs.
struct JobRoutes {
    let environment: APIEnvironment

    func register(on group: RouterGroup<APIRequestContext>) {
        group.post("jobs") { request, context in try await submit(request, context) }
        group.get("jobs") { request, context in try await list(request, context) }
        group.get("jobs/:id") { _, context in try await show(context) }
        group.post("jobs/:id/cancel") { _, context in try await cancel(context) }
        group.post("jobs/:id/retry") { _, context in try await retry(context) }
        group.get("jobs/:id/logs") { request, context in try await logs(request, context) }
    }

    private func submit(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.member)
        let body = try await JobRequest.read(request, context: context)
        let (stored, profile) = try await environment.profile(organization: caller.organization, name: body.profileName)
        let outcome = try await environment.submission.submit(body.spec, profile: profile, profileSource: stored.source, organization: caller.organization)
        return try await respond(to: outcome)
    }

    private func respond(to outcome: SubmissionOutcome) async throws -> Response {
        switch outcome {
        case .refused(let plan):
            throw APIError(.unprocessableContent, code: "job.refused",
                           message: "no candidate of profile \(plan.profile) may take this job", details: Explanation(plan))
        case .accepted(let job, let plan, let created):
            guard let chosen = plan.chosen, let estimate = chosen.estimate else { throw StoreError.database("an accepted plan has no choice") }
            if created { environment.metrics.recordSubmission(of: job, attempts: try await environment.store.attempts(jobID: job.id)) }
            let placed = job.candidateIndex.flatMap { index in plan.candidates.first { $0.index == index } } ?? chosen
            let view = SubmissionView(
                id: job.id, state: job.state.rawValue, created: created, provider: placed.target.provider.rawValue,
                machine: placed.target.machine.description, region: placed.target.region, estimate: EstimateView(placed.estimate ?? estimate),
                job: JobView(job, now: Date()))
            return try APIJSON.response(view, status: created ? .accepted : .ok)
        }
    }

    private func list(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.viewer)
        let parameters = request.uri.queryParameters
        var query = JobQuery()
        if let state = parameters["state"] {
            guard let value = JobState(rawValue: String(state)) else {
                throw APIError.badRequest("request.invalid_filter", "state: one of \(JobState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.state = value
        }
        if let provider = parameters["provider"] {
            guard let value = ProviderKind(rawValue: String(provider)) else {
                throw APIError.badRequest("request.invalid_filter", "provider: one of \(ProviderKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.provider = value
        }
        query.profile = parameters["profile"].map(String.init)
        if let limit = parameters["limit"] {
            guard let value = Int(limit), (1...JobQuery.maxLimit).contains(value) else {
                throw APIError.badRequest("request.invalid_limit", "limit: a whole number from 1 to \(JobQuery.maxLimit)")
            }
            query.limit = value
        }
        if let cursor = parameters["cursor"] {
            guard let value = JobCursor(token: String(cursor)) else {
                throw APIError.badRequest("request.invalid_cursor", "cursor: pass back the next_cursor of the previous page")
            }
            query.after = value
        }
        let page = try await environment.store.jobs(organization: caller.organization, query: query)
        let now = Date()
        return try APIJSON.response(PageView(items: page.jobs.map { JobView($0, now: now) }, nextCursor: page.next?.token))
    }

    private func show(_ context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.viewer)
        let job = try await job(context, caller)
        let now = Date()
        var view = JobView(job, now: now, attempts: try await environment.store.attempts(jobID: job.id),
                           events: try await environment.store.events(jobID: job.id))
        if job.state == .completed, let storage = environment.storage {
            let artifacts = try await JobArtifacts(storage: storage)
                .list(jobID: job.id, organization: job.organization, expiresIn: APIEnvironment.presignedURLSeconds, now: now)
            view.artifacts = artifacts.map(ArtifactView.init)
        }
        return APIJSON.response(view)
    }

    private func cancel(_ context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.member)
        let job = try await environment.control.cancel(jobID: try context.parameters.require("id"), organization: caller.organization)
        return APIJSON.response(JobView(job, now: Date()), status: .accepted)
    }

    private func retry(_ context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.member)
        return try await respond(to: try await environment.control.retry(jobID: try context.parameters.require("id"), organization: caller.organization))
    }

    /// A platform job's training log from `offset` (bytes), at most 1 MiB per call; `X-Next-Offset` says where
    /// to go on. Cloud providers keep their jobs' logs in their own consoles.
    private func logs(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.viewer)
        let job = try await job(context, caller)
        guard job.provider == .platform || job.provider == nil else {
            throw APIError.notFound("logs.not_available", "\(job.provider?.rawValue ?? "the provider") keeps this job's logs; see its console for \(job.providerJobID?.rawValue ?? job.id)")
        }
        var offset: UInt64 = 0
        if let text = request.uri.queryParameters["offset"] {
            guard let value = UInt64(text) else { throw APIError.badRequest("request.invalid_offset", "offset: a byte offset, 0 or more") }
            offset = value
        }
        let path = JobFolder(stateFolder: environment.stateFolder, jobID: job.id).log
        var bytes = Data()
        if let handle = FileHandle(forReadingAtPath: path) {
            defer { try? handle.close() }
            if (try? handle.seek(toOffset: offset)) != nil { bytes = (try? handle.read(upToCount: 1 << 20)) ?? Data() }
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[HTTPField.Name("X-Next-Offset")!] = String(offset + UInt64(bytes.count))
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    private func job(_ context: APIRequestContext, _ caller: Principal) async throws -> JobRecord {
        let id = try context.parameters.require("id")
        guard let job = try await environment.store.job(id: id, organization: caller.organization) else { throw StoreError.notFound(jobID: id) }
        return job
    }
}
