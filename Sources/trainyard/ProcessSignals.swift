import CProcessControl
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A flag raised by SIGTERM or SIGINT, so a training run can checkpoint and stop between epochs.
final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    private var sources: [any DispatchSourceSignal] = []

    /// Whether a stop was asked for.
    var isRaised: Bool { lock.withLock { raised } }

    /// Routes SIGTERM and SIGINT to the flag instead of ending the process at once.
    static func install() -> StopSignal {
        let flag = StopSignal()
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { flag.lock.withLock { flag.raised = true } }
            source.resume()
            flag.sources.append(source)
        }
        return flag
    }
}

/// A run started by a platform worker ends when the worker does: a worker killed outright must not leave a
/// trainer behind writing checkpoints while the job is re-leased elsewhere.
enum ParentWatch {
    static func dieWithParent() {
        guard let text = ProcessInfo.processInfo.environment["TRAINYARD_PARENT_PID"], let parent = Int32(text) else { return }
        _ = trainyard_kill_with_parent()
        // The parent may have died before the request took effect.
        if getppid() != parent { exit(1) }
    }
}
