import Adapters
import Credentials
import Foundation

/// Which of an organization's jobs to list: filters, a page size, and where the previous page ended.
public struct JobQuery: Sendable, Hashable {
    /// The most jobs one page holds.
    public static let maxLimit = 500

    public var state: JobState?
    public var provider: ProviderKind?
    public var profile: String?
    /// Jobs per page, 1 to ``maxLimit``.
    public var limit: Int
    /// The previous page's ``JobPage/next``.
    public var after: JobCursor?

    public init(state: JobState? = nil, provider: ProviderKind? = nil, profile: String? = nil, limit: Int = 100, after: JobCursor? = nil) {
        self.state = state
        self.provider = provider
        self.profile = profile
        self.limit = limit
        self.after = after
    }
}

/// One page of jobs, and the cursor to the next page when there is one.
public struct JobPage: Sendable, Hashable {
    public var jobs: [JobRecord]
    public var next: JobCursor?
}

/// Where a page of jobs ended (newest first): the last job's creation time and id. Clients see it as an opaque
/// base64url token.
public struct JobCursor: Sendable, Hashable {
    public var createdAt: Double
    public var id: String

    public init(createdAt: Double, id: String) {
        self.createdAt = createdAt
        self.id = id
    }

    /// Reads a token that ``token`` wrote; `nil` for anything else.
    public init?(token: String) {
        guard token.utf8.count <= 256, let bytes = try? Base64.decode(token, alphabet: .urlSafe, padding: .unpadded),
              let text = String(validating: bytes, as: UTF8.self) else { return nil }
        let parts = text.split(separator: "|", maxSplits: 1)
        guard parts.count == 2, let createdAt = Double(parts[0]), createdAt.isFinite, !parts[1].isEmpty else { return nil }
        self.init(createdAt: createdAt, id: String(parts[1]))
    }

    /// The opaque token clients pass back.
    public var token: String { Base64.encode(Array("\(createdAt)|\(id)".utf8), alphabet: .urlSafe, padding: .unpadded) }
}

/// The number of jobs in one state on one provider (`nil`: not placed yet).
public struct JobCount: Sendable, Hashable {
    public var state: JobState
    public var provider: ProviderKind?
    public var jobs: Int
}
