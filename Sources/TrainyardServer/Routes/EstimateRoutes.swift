import Hummingbird
import Orchestrator

/// `POST /v1/estimates`: where a job would run under a stored profile, what each candidate would cost, and why —
/// the same explanation as `trainyard explain`, with the organization's running jobs and spend counted.
struct EstimateRoutes {
    let environment: APIEnvironment

    func register(on group: RouterGroup<APIRequestContext>) {
        group.post("estimates") { request, context in try await estimate(request, context) }
    }

    private func estimate(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let caller = try context.require(.viewer)
        let body = try await JobRequest.read(request, context: context)
        let (_, profile) = try await environment.profile(organization: caller.organization, name: body.profileName)
        let plan = try await environment.submission.plan(body.spec, profile: profile, organization: caller.organization)
        return try APIJSON.response(Explanation(plan))
    }
}
