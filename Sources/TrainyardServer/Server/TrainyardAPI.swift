import Hummingbird
import Logging
import Orchestrator
import ServiceLifecycle
import Storage

/// The API's routes and middleware, assembled.
///
/// ```
/// RequestRecorder → ErrorTranslator →  /healthz /readyz /metrics /v1/openapi.json
///                                      /files/… (local storage's presigned URLs; the signature is the key)
///                                      /v1/… → APIKeyAuthenticator → credentials, profiles, estimates, jobs, storage
/// ```
public enum TrainyardAPI {
    /// The router over `environment`.
    public static func router(_ environment: APIEnvironment) -> Hummingbird.Router<APIRequestContext> {
        let router = Hummingbird.Router(context: APIRequestContext.self)
        router.add(middleware: RequestRecorder(metrics: environment.metrics))
        router.add(middleware: ErrorTranslator())
        OperationsRoutes(environment: environment).register(on: router)
        if let local = environment.storage as? LocalStorage { FileRoutes(storage: local).register(on: router) }
        let v1 = router.group("v1").add(middleware: APIKeyAuthenticator(store: environment.store))
        CredentialRoutes(environment: environment).register(on: v1)
        ProfileRoutes(environment: environment).register(on: v1)
        EstimateRoutes(environment: environment).register(on: v1)
        JobRoutes(environment: environment).register(on: v1)
        StorageRoutes(environment: environment).register(on: v1)
        return router
    }

    /// The HTTP server over `environment`, with `services` (the sync loop) run and shut down alongside it.
    public static func application(
        _ environment: APIEnvironment, host: String, port: Int, services: [any Service] = [], logger: Logger
    ) -> some ApplicationProtocol {
        var application = Application(
            router: router(environment),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "trainyard"),
            logger: logger)
        application.addServices(services)
        return application
    }
}
