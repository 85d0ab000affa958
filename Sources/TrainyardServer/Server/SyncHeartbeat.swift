import Foundation
import Synchronization

/// When this instance's status sync last finished a cycle, and how often it should; readiness reads it.
public final class SyncHeartbeat: Sendable {
    private let last = Mutex<Date?>(nil)
    /// The sync interval; the loop counts as alive while its last cycle is younger than three intervals.
    public let interval: Double
    private let started: Date

    public init(interval: Double, now: Date = Date()) {
        self.interval = interval
        self.started = now
    }

    /// Records a finished cycle.
    public func beat(at date: Date = Date()) { last.withLock { $0 = date } }

    /// When the last cycle finished.
    public var lastBeat: Date? { last.withLock { $0 } }

    /// Whether the loop has finished a cycle recently (or has only just started).
    public func isAlive(at now: Date = Date()) -> Bool {
        now.timeIntervalSince(lastBeat ?? started) < 3 * interval
    }
}
