/// Walks a paged listing as the caller reads: the next page is fetched only when the previous one is used up.
actor ListingPager {
    /// One page: its objects and the token of the next page (`nil` after the last).
    typealias Page = (objects: [ObjectInfo], next: String?)

    private let organization: String
    private let fetch: @Sendable (_ token: String?) async throws -> Page
    private var buffered: [ObjectInfo] = []
    private var token: String?
    private var finished = false

    /// The objects of every page; `fetch` gets `nil` for the first page, then each page's token. The organization
    /// is validated before the first request.
    static func stream(organization: String, fetch: @escaping @Sendable (_ token: String?) async throws -> Page)
        -> AsyncThrowingStream<ObjectInfo, any Error> {
        let pager = ListingPager(organization: organization, fetch: fetch)
        return AsyncThrowingStream { try await pager.next() }
    }

    private init(organization: String, fetch: @escaping @Sendable (_ token: String?) async throws -> Page) {
        self.organization = organization
        self.fetch = fetch
    }

    private func next() async throws -> ObjectInfo? {
        while buffered.isEmpty, !finished {
            try StorageKey.validateOrganization(organization)
            let page = try await fetch(token)
            buffered = page.objects
            token = page.next
            finished = page.next == nil
        }
        return buffered.isEmpty ? nil : buffered.removeFirst()
    }
}
