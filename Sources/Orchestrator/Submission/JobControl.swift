import Adapters
import Foundation

/// What a user may do to a job once it is submitted: cancel it, or submit it again.
public struct JobControl: Sendable {
    public var submission: JobSubmission

    public init(submission: JobSubmission) {
        self.submission = submission
    }

    private var store: JobStore { submission.store }

    /// Cancels a job: a queued one at once, a platform run through its worker, a cloud run at its provider first.
    /// A finished job is returned as it is.
    ///
    /// - Throws: ``StoreError/notFound(jobID:)``; the provider's ``AdapterError`` when it refuses to stop the run.
    public func cancel(jobID: String, organization: String) async throws -> JobRecord {
        guard let job = try await store.job(id: jobID, organization: organization) else { throw StoreError.notFound(jobID: jobID) }
        guard job.state == .running, let provider = job.provider, provider != .platform, let providerJobID = job.providerJobID else {
            return try await store.requestCancel(jobID: jobID, organization: organization)
        }
        guard let target = job.placedTarget(), let adapter = submission.router.adapters[provider] else {
            throw AdapterError(.unavailable, provider: provider, code: "NoAdapter", message: "no adapter is configured for \(provider.rawValue)")
        }
        try await adapter.cancel(providerJobID, at: target, credentials: try await submission.router.credential(for: target, organization: organization))
        return try await store.transition(jobID: jobID, organization: organization, from: .running, to: .cancelled,
                                          changes: JobChanges(reason: "cancelled by user"))
    }

    /// Submits a finished job's spec again under the profile it was submitted with, as a new job.
    ///
    /// - Throws: ``StoreError/notFound(jobID:)``; ``JobControlError/notFinished(jobID:state:)`` for a job still active.
    public func retry(jobID: String, organization: String) async throws -> SubmissionOutcome {
        guard let job = try await store.job(id: jobID, organization: organization) else { throw StoreError.notFound(jobID: jobID) }
        guard job.state == .failed || job.state == .cancelled else { throw JobControlError.notFinished(jobID: jobID, state: job.state) }
        guard let profile = try job.submittedProfile(catalog: submission.catalog) else { throw StoreError.profileNotFound(name: job.profile) }
        var spec = job.spec
        spec.idempotencyKey = nil
        let outcome = try await submission.submit(spec, profile: profile, profileSource: job.profileSource, organization: organization)
        if case .accepted(let retried, _, _) = outcome {
            try await store.appendEvent(jobID: jobID, kind: "retry", message: "submitted again as \(retried.id)")
        }
        return outcome
    }
}

/// Why a job action was refused.
public enum JobControlError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Only a failed or cancelled job may be retried.
    case notFinished(jobID: String, state: JobState)

    public var code: String { "job.not_finished" }

    public var description: String {
        switch self {
        case .notFinished(let id, let state): "\(code): job \(id) is \(state.rawValue); only a failed or cancelled job can be retried"
        }
    }
}
