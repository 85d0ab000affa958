import Adapters
import ArgumentParser
import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import Orchestrator
import Prometheus
import ServiceLifecycle
import TrainyardServer

/// `trainyard serve [--host 127.0.0.1] [--port 8080]`
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API and run the status sync; stops gracefully on SIGTERM or SIGINT.",
        discussion: "Clients send Authorization: Bearer <api key> (trainyard keys create). State is the SQLite database in $TRAINYARD_HOME, or the PostgreSQL database TRAINYARD_DATABASE_URL names, which several servers and workers may share (one of them runs the sync at a time). Artifacts and presigned URLs use $TRAINYARD_STORAGE (default: the state folder's storage/, served at /files/).")

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port, printed at start).")
    var port = 8080

    @Option(help: "Seconds between status-sync cycles (0: no sync loop in this process).")
    var syncInterval = 30.0

    @Option(help: "Seconds a submission may sit unfinished before the sync loop counts it as interrupted and finishes it.")
    var submissionGrace = 120.0

    @Option(help: "Status calls per second per provider (0: no limit).")
    var providerRate = 50.0

    @Option(help: "Storage location under which jobs keep checkpoints (s3://…, gs://…, az://…, a folder).")
    var checkpointRoot: String?

    @Option(help: "The URL clients reach this server at, for the local storage backend's presigned URLs (default: http://HOST:PORT).")
    var publicURL: String?

    @Option(help: "Create an admin API key for this organization when it has none, and print it once.")
    var bootstrapOrganization: String?

    @OptionGroup var catalogOptions: CatalogOptions

    func run() async throws {
        let registry = PrometheusCollectorRegistry()
        LoggingSystem.bootstrap { JSONLogHandler(label: $0) }
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let logger = Logger(label: "trainyard.serve")

        let home = TrainyardHome()
        let catalog = try catalogOptions.load()
        let store = try await home.openStore()
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(
            connectionPool: HTTPClient.Configuration.ConnectionPool(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)))
        do {
            if let organization = bootstrapOrganization, try await !store.hasAPIKeys(organization: organization) {
                let key = try await store.createAPIKey(organization: organization, role: .admin)
                FileHandle.standardOutput.write(Data("admin API key for organization \(organization) (shown once): \(key.revealedToken)\n".utf8))
            }
            let metrics = ServiceMetrics(registry: registry)
            let vault = try home.vault(store)
            let adapters: [any ComputeAdapter] = [
                PlatformAdapter(queue: store), SageMakerAdapter(client: client), VertexAdapter(client: client),
                AzureMLAdapter(client: client), KubernetesAdapter(client: client),
            ]
            let router = Orchestrator.Router(adapters: metrics.metered(adapters), store: store, credentials: vault, checkpointRoot: checkpointRoot)
            let heartbeat = syncInterval > 0 ? SyncHeartbeat(interval: syncInterval) : nil
            let storage = try home.storage(client: client, localBaseURL: publicURL ?? "http://\(host):\(port)")
            let environment = APIEnvironment(
                store: store, vault: vault, catalog: catalog, router: router, stateFolder: home.path, metrics: metrics,
                storage: storage, syncHeartbeat: heartbeat)
            var services: [any ServiceLifecycle.Service] = []
            if let heartbeat {
                var configuration = StatusSync.Configuration()
                configuration.interval = syncInterval
                configuration.submissionGraceSeconds = submissionGrace
                configuration.requestsPerSecondPerProvider = providerRate > 0 ? providerRate : nil
                let sync = StatusSync(store: store, router: router, catalog: catalog, configuration: configuration)
                services.append(SyncLoop(sync: sync, interval: syncInterval, heartbeat: heartbeat, metrics: metrics, leadership: store.syncLeadership()))
            }
            let application = TrainyardAPI.application(environment, host: host, port: port, services: services, logger: logger)
            try await application.runService()
        } catch {
            try? await client.shutdown()
            try? await store.close()
            throw error
        }
        try await client.shutdown()
        try await store.close()
    }
}
