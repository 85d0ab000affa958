import Adapters
import Foundation
import Metrics
import Orchestrator
import Prometheus

/// The service's metrics, made through swift-metrics on a Prometheus factory and exposed as Prometheus text.
///
/// Labels are route templates, provider names, states and error classes — never job ids or raw paths. Metric
/// objects are kept once made: swift-metrics unregisters a metric from Prometheus when its object goes away.
public final class ServiceMetrics: Sendable {
    /// Where the metrics live; ``exposition(store:)`` writes it out.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let counters = LockedCache<Metrics.Counter>()
    private let timers = LockedCache<Metrics.Timer>()
    private let gauges = LockedCache<Metrics.Gauge>()

    /// Metrics in `registry`; pass the registry the process bootstrapped swift-metrics with, so library metrics appear too.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
        ]
        self.factory = factory
    }

    // MARK: Recording

    /// One answered HTTP request.
    public func recordRequest(route: String, method: String, status: Int, seconds: Double) {
        counter("trainyard_http_requests_total", [("route", route), ("method", method), ("status", String(status))]).increment()
        timer("trainyard_http_request_duration_seconds", [("route", route), ("method", method)]).recordSeconds(seconds)
    }

    /// A new job's submission: where it went, and each failed attempt that made the router fall back.
    public func recordSubmission(of job: JobRecord, attempts: [Attempt]) {
        counter("trainyard_submissions_total", [("provider", job.provider?.rawValue ?? "none"), ("state", job.state.rawValue)]).increment()
        for attempt in attempts where attempt.outcome == .failed {
            counter("trainyard_fallbacks_total", [("provider", attempt.provider.rawValue), ("error_class", attempt.errorClass?.rawValue ?? "unknown")]).increment()
        }
    }

    /// One call to a provider's adapter.
    public func recordProviderCall(provider: ProviderKind, operation: String, seconds: Double, failed: Bool) {
        timer("trainyard_provider_call_duration_seconds", [("provider", provider.rawValue), ("operation", operation)]).recordSeconds(seconds)
        if failed { counter("trainyard_provider_call_errors_total", [("provider", provider.rawValue), ("operation", operation)]).increment() }
    }

    /// One status-sync cycle: how long it took, how many jobs it polled, and the largest sync lag left after it.
    public func recordSyncCycle(seconds: Double, polled: Int, maxLagSeconds: Double) {
        timer("trainyard_sync_cycle_duration_seconds", []).recordSeconds(seconds)
        gauge("trainyard_sync_jobs_polled", []).record(Double(polled))
        gauge("trainyard_sync_lag_seconds", []).record(maxLagSeconds)
        gauge("trainyard_sync_last_cycle_timestamp_seconds", []).record(Date().timeIntervalSince1970)
    }

    // MARK: Exposition

    /// The Prometheus text, with the jobs-by-state-and-provider gauges read from the store first.
    public func exposition(store: JobStore) async throws -> String {
        let counts = try await store.jobCounts()
        var seen = Set<[String]>()
        for count in counts {
            let labels = [("state", count.state.rawValue), ("provider", count.provider?.rawValue ?? "none")]
            seen.insert(labels.map(\.1))
            gauge("trainyard_jobs", labels).record(Double(count.jobs))
        }
        // A state and provider with no jobs left reads 0, not its last count.
        for key in gauges.keys(named: "trainyard_jobs") where !seen.contains(key) {
            gauge("trainyard_jobs", [("state", key[0]), ("provider", key[1])]).record(0.0)
        }
        return registry.emitToString()
    }

    // MARK: Metric objects

    private func counter(_ name: String, _ labels: [(String, String)]) -> Metrics.Counter {
        counters.value(name, labels) { Metrics.Counter(label: name, dimensions: labels, factory: factory) }
    }

    private func timer(_ name: String, _ labels: [(String, String)]) -> Metrics.Timer {
        timers.value(name, labels) { Metrics.Timer(label: name, dimensions: labels, preferredDisplayUnit: .seconds, factory: factory) }
    }

    private func gauge(_ name: String, _ labels: [(String, String)]) -> Metrics.Gauge {
        gauges.value(name, labels) { Metrics.Gauge(label: name, dimensions: labels, factory: factory) }
    }
}

/// Metric objects by name and label values, made once.
private final class LockedCache<Metric>: @unchecked Sendable {
    private let lock = NSLock()
    private var metrics: [String: [[String]: Metric]] = [:]

    func value(_ name: String, _ labels: [(String, String)], make: () -> Metric) -> Metric {
        lock.withLock {
            let key = labels.map(\.1)
            if let metric = metrics[name]?[key] { return metric }
            let metric = make()
            metrics[name, default: [:]][key] = metric
            return metric
        }
    }

    func keys(named name: String) -> [[String]] {
        lock.withLock { metrics[name].map { Array($0.keys) } ?? [] }
    }
}
