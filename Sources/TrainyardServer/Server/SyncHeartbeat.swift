import Foundation

/// When this instance's status sync last finished a cycle, and how often it should; readiness reads it.
public final class SyncHeartbeat: Sendable {
    private let state: LockedValue<Date?>
    /// The sync interval; the loop counts as alive while its last cycle is younger than three intervals.
    public let interval: Double
    private let started: Date

    public init(interval: Double, now: Date = Date()) {
        self.interval = interval
        self.started = now
        self.state = LockedValue(nil)
    }

    /// Records a finished cycle.
    public func beat(at date: Date = Date()) { state.set(date) }

    /// When the last cycle finished.
    public var lastBeat: Date? { state.get() }

    /// Whether the loop has finished a cycle recently (or has only just started).
    public func isAlive(at now: Date = Date()) -> Bool {
        now.timeIntervalSince(lastBeat ?? started) < 3 * interval
    }
}

/// A value behind a lock.
final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func get() -> Value { lock.withLock { value } }

    func set(_ newValue: Value) { lock.withLock { value = newValue } }
}
