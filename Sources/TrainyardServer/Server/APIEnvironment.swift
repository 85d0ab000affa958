import Adapters
import Foundation
import Orchestrator

/// What the API's routes work with: the store, the vault, the catalog, the adapters (through the router), where
/// platform jobs keep their folders, metrics, and the status sync's heartbeat for readiness.
public struct APIEnvironment: Sendable {
    public var store: JobStore
    public var vault: CredentialVault
    public var catalog: PriceCatalog
    public var router: Router
    /// The state folder: platform jobs' logs live in its job folders.
    public var stateFolder: String
    public var metrics: ServiceMetrics
    /// When the status sync last finished a cycle; `nil` when this instance runs no sync loop.
    public var syncHeartbeat: SyncHeartbeat?

    public init(
        store: JobStore, vault: CredentialVault, catalog: PriceCatalog, router: Router, stateFolder: String,
        metrics: ServiceMetrics, syncHeartbeat: SyncHeartbeat? = nil
    ) {
        self.store = store
        self.vault = vault
        self.catalog = catalog
        self.router = router
        self.stateFolder = stateFolder
        self.metrics = metrics
        self.syncHeartbeat = syncHeartbeat
    }

    var submission: JobSubmission {
        let vault = vault
        return JobSubmission(store: store, catalog: catalog, router: router, credentialNames: { try await vault.names(organization: $0) })
    }

    var control: JobControl { JobControl(submission: submission) }
}
