import Dispatch

/// Runs blocking work (starting a peer, waiting for a process, reading a pipe) on a Dispatch thread and awaits it:
/// the caller waits without holding one of Swift's cooperative threads, of which there are as many as cores and
/// which every other running test needs.
public func blockingWork<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
