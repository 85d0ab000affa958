/// One token provider per credential, so that adapters reuse cached access tokens across calls.
actor TokenProviderCache<Provider: Sendable> {
    private var providers: [String: Provider] = [:]

    /// The provider for `key`, made by `make` the first time.
    func provider(for key: String, make: () throws -> Provider) rethrows -> Provider {
        if let provider = providers[key] { return provider }
        let provider = try make()
        providers[key] = provider
        return provider
    }
}
