/// Walks objects.list page by page as the caller reads.
actor GCSPager {
    private let storage: GCSStorage
    private let prefix: String
    private let organization: String
    private var buffered: [ObjectInfo] = []
    private var pageToken: String?
    private var finished = false

    init(storage: GCSStorage, prefix: String, organization: String) {
        self.storage = storage
        self.prefix = prefix
        self.organization = organization
    }

    func next() async throws -> ObjectInfo? {
        while buffered.isEmpty, !finished {
            try StorageKey.validateOrganization(organization)
            let page = try await storage.listPage(prefix: prefix, pageToken: pageToken)
            buffered = page.objects
            pageToken = page.next
            finished = page.next == nil
        }
        return buffered.isEmpty ? nil : buffered.removeFirst()
    }
}
