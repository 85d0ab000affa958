import Foundation

/// Times a block of work repeatedly for a fixed wall-clock budget.
enum Measure {
    /// Runs `body` in batches until `seconds` have passed; returns operations per second over the whole run.
    static func throughput(seconds: Double, batch: Int, _ body: () -> Void) -> (perSecond: Double, operations: Int) {
        // One untimed batch warms caches and lazy initialisation.
        for _ in 0..<batch { body() }
        let clock = ContinuousClock()
        let start = clock.now
        var operations = 0
        var elapsed = 0.0
        while elapsed < seconds {
            for _ in 0..<batch { body() }
            operations += batch
            elapsed = Self.seconds(clock.now - start)
        }
        return (Double(operations) / elapsed, operations)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
