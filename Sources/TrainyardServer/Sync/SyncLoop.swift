import Foundation
import Logging
import Orchestrator
import ServiceLifecycle

/// Runs the status sync every interval (±10 % jitter, so instances and restarts do not beat in step) until
/// graceful shutdown; each cycle's duration and lag go to metrics and its end to the readiness heartbeat.
public struct SyncLoop: Service {
    let sync: StatusSync
    let interval: Double
    let heartbeat: SyncHeartbeat
    let metrics: ServiceMetrics
    /// Asked before each cycle whether this instance may sync now; `nil`: always (a single instance).
    let leadership: (any SyncLeadership)?
    let logger: Logger

    public init(sync: StatusSync, interval: Double, heartbeat: SyncHeartbeat, metrics: ServiceMetrics,
                leadership: (any SyncLeadership)? = nil, logger: Logger = Logger(label: "trainyard.sync")) {
        self.sync = sync
        self.interval = interval
        self.heartbeat = heartbeat
        self.metrics = metrics
        self.leadership = leadership
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let start = ContinuousClock.now
            await runCycle()
            let elapsed = (ContinuousClock.now - start).seconds
            let delay = max(0, interval * Double.random(in: 0.9...1.1) - elapsed)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(delay)) }
        }
        try? await leadership?.resign()
    }

    private func runCycle() async {
        do {
            if let leadership, !(try await leadership.acquire()) {
                // Another instance syncs; this one stays ready and checks again next interval.
                heartbeat.beat()
                return
            }
            let start = ContinuousClock.now
            let report = try await sync.cycle()
            metrics.recordSyncCycle(seconds: (ContinuousClock.now - start).seconds, polled: report.polled, maxLagSeconds: report.maxLagSeconds)
            heartbeat.beat()
            if !report.errors.isEmpty {
                logger.warning("sync cycle had errors", metadata: ["count": "\(report.errors.count)", "first": "\(report.errors[0])"])
            }
        } catch {
            logger.error("sync cycle failed", metadata: ["error": "\(error)"])
        }
    }
}
