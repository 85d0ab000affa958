import Foundation
import Orchestrator

/// A registered credential: never a secret.
struct CredentialView: Encodable, Sendable {
    var name: String
    var provider: String
    var createdAt: Date
    var updatedAt: Date
    var validatedAt: Date?
    var validation: String?

    init(_ summary: CredentialSummary) {
        name = summary.name
        provider = summary.kind.rawValue
        createdAt = summary.createdAt
        updatedAt = summary.updatedAt
        validatedAt = summary.validatedAt
        validation = summary.validation
    }
}

/// A stored profile: what it routes to, and its text.
struct ProfileView: Encodable, Sendable {
    var name: String
    var strategy: String?
    var providers: [String]
    var source: String
    var createdAt: Date
    var updatedAt: Date

    init(_ stored: StoredProfile, parsed: ComputeProfile?) {
        name = stored.name
        strategy = parsed?.strategy.rawValue
        providers = parsed?.candidates.map(\.target.provider.rawValue) ?? []
        source = stored.source
        createdAt = stored.createdAt
        updatedAt = stored.updatedAt
    }
}

/// The answer to an accepted submission: the job, where it went, and what it is expected to cost.
struct SubmissionView: Encodable, Sendable {
    var id: String
    var state: String
    var created: Bool
    var provider: String
    var machine: String
    var region: String
    var estimate: EstimateView
    var job: JobView
}

/// The chosen candidate's estimate.
struct EstimateView: Encodable, Sendable {
    var hours: Double
    var pricePerHourUsd: Double
    var pricing: String
    var totalUsd: Double

    init(_ estimate: CostEstimate) {
        hours = estimate.hours
        pricePerHourUsd = estimate.pricePerHourUSD
        pricing = estimate.pricing.rawValue
        totalUsd = estimate.totalUSD
    }
}

/// A page of a listing and the cursor to the next one.
struct PageView<Item: Encodable & Sendable>: Encodable, Sendable {
    var items: [Item]
    var nextCursor: String?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }

    enum CodingKeys: String, CodingKey { case items, nextCursor }
}
