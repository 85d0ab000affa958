/// The job lifecycle as a pure state machine: which transitions are legal.
///
/// ```
/// queued ──▶ submitting ──▶ running ──▶ completed | failed | cancelled
///   ▲  ╲          │  ╲          │ ╲
///   │   ╲         │   ▶ queued  │  ▶ submitting   (capacity lost mid-run: resubmit elsewhere)
///   │    ▶ running (a platform worker leased it)   ▶ queued (a worker's lease expired)
/// ```
/// Any non-terminal state may go to `failed` or `cancelled`; terminal states never change.
public enum JobLifecycle {
    /// The states `state` may move to.
    public static func successors(of state: JobState) -> Set<JobState> {
        switch state {
        case .queued: [.submitting, .running, .failed, .cancelled]
        case .submitting: [.queued, .running, .failed, .cancelled]
        case .running: [.queued, .submitting, .completed, .failed, .cancelled]
        case .completed, .failed, .cancelled: []
        }
    }

    /// Checks one transition.
    public static func validate(from: JobState, to: JobState) throws(StoreError) {
        guard successors(of: from).contains(to) else { throw .illegalTransition(from: from, to: to) }
    }
}
