/// Spaces calls evenly: at most `perSecond` start per second, each waiting for its slot.
actor RateLimiter {
    private let spacing: Duration
    private var nextSlot: ContinuousClock.Instant

    init(perSecond: Double) {
        spacing = .nanoseconds(Int64(1e9 / perSecond))
        nextSlot = .now
    }

    /// Waits until the caller's slot (at once when calls have been sparse).
    func acquire() async {
        let now = ContinuousClock.now
        let slot = max(now, nextSlot)
        nextSlot = slot + spacing
        if slot > now { try? await Task.sleep(until: slot, clock: .continuous) }
    }
}
