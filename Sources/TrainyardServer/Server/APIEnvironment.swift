import Adapters
import Foundation
import Orchestrator
import Storage

/// What the API's routes work with: the store, the vault, the catalog, the adapters (through the router), where
/// platform jobs keep their folders, storage for artifacts and presigned URLs, metrics, and the status sync's
/// heartbeat for readiness.
public struct APIEnvironment: Sendable {
    public var store: JobStore
    public var vault: CredentialVault
    public var catalog: PriceCatalog
    public var router: Router
    /// The state folder: platform jobs' logs live in its job folders.
    public var stateFolder: String
    public var metrics: ServiceMetrics
    /// Where jobs' artifacts are kept and what presigned URLs address; `nil`: this server offers no storage.
    public var storage: (any StorageBackend)?
    /// When the status sync last finished a cycle; `nil` when this instance runs no sync loop.
    public var syncHeartbeat: SyncHeartbeat?

    public init(
        store: JobStore, vault: CredentialVault, catalog: PriceCatalog, router: Router, stateFolder: String,
        metrics: ServiceMetrics, storage: (any StorageBackend)? = nil, syncHeartbeat: SyncHeartbeat? = nil
    ) {
        self.store = store
        self.vault = vault
        self.catalog = catalog
        self.router = router
        self.stateFolder = stateFolder
        self.metrics = metrics
        self.storage = storage
        self.syncHeartbeat = syncHeartbeat
    }

    var submission: JobSubmission {
        let vault = vault
        return JobSubmission(store: store, catalog: catalog, router: router, credentialNames: { try await vault.names(organization: $0) })
    }

    var control: JobControl { JobControl(submission: submission) }

    /// How long the presigned URLs the API hands out last unless asked otherwise: one hour.
    static let presignedURLSeconds = 3600

    /// The storage backend.
    ///
    /// - Throws: 409 `storage.not_configured` when this server has none.
    func requireStorage() throws(APIError) -> any StorageBackend {
        guard let storage else { throw APIError(.conflict, code: "storage.not_configured", message: "this server has no storage backend") }
        return storage
    }
}
