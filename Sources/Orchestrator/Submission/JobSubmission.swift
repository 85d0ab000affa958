import Adapters
import Foundation

/// Plans, persists and routes one job: what `trainyard submit` and `POST /v1/jobs` both do.
///
/// The job is persisted as `queued` before any provider is called, so a crash between the two leaves a job the
/// status sync finishes (``Router/resume(_:plan:fallback:)``) instead of a lost or doubled submission.
public struct JobSubmission: Sendable {
    public var store: JobStore
    public var catalog: PriceCatalog
    public var router: Router
    /// The organization's credential names, which candidates must name to be eligible; `nil` skips the check.
    public var credentialNames: @Sendable (_ organization: String) async throws -> Set<String>?

    public init(
        store: JobStore, catalog: PriceCatalog, router: Router,
        credentialNames: @escaping @Sendable (_ organization: String) async throws -> Set<String>?
    ) {
        self.store = store
        self.catalog = catalog
        self.router = router
        self.credentialNames = credentialNames
    }

    /// The plan for a job under a profile, with the organization's running jobs, spend and credentials counted.
    public func plan(_ spec: JobSpec, profile: ComputeProfile, organization: String) async throws -> RoutingPlan {
        let context = try await store.planningContext(
            organization: organization, profile: profile.name, registeredCredentials: try await credentialNames(organization))
        return RoutePlanner(estimator: CostEstimator(catalog: catalog)).plan(spec, profile: profile, context: context)
    }

    /// Submits a job: refused with the plan when no candidate may take it; otherwise persisted and routed. A
    /// repeated idempotency key returns the first job without routing again.
    public func submit(_ spec: JobSpec, profile: ComputeProfile, profileSource: String?, organization: String) async throws -> SubmissionOutcome {
        let plan = try await plan(spec, profile: profile, organization: organization)
        guard let chosen = plan.chosen, let estimate = chosen.estimate else { return .refused(plan) }
        let (record, created) = try await store.createJob(NewJob(
            organization: organization, profile: profile.name, spec: spec, estimatedCostUSD: estimate.totalUSD,
            maxAttempts: profile.fallback.maxAttempts, profileSource: profileSource))
        guard created else { return .accepted(record, plan: plan, created: false) }
        return .accepted(try await router.route(record, plan: plan, fallback: profile.fallback), plan: plan, created: true)
    }
}

/// What became of a submission.
public enum SubmissionOutcome: Sendable {
    /// Persisted (and routed, when `created`); the plan says why its candidate was chosen.
    case accepted(JobRecord, plan: RoutingPlan, created: Bool)
    /// No candidate may take the job; the plan's rows say why (over a limit, a budget, concurrency).
    case refused(RoutingPlan)
}
