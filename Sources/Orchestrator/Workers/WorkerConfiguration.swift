/// How a platform worker runs jobs.
public struct WorkerConfiguration: Sendable {
    /// The worker's identity and capacity.
    public var info: WorkerInfo
    /// Job folders live in `<stateFolder>/jobs/<job id>/`.
    public var stateFolder: String
    /// The command that trains one job, e.g. `["/usr/local/bin/trainyard", "train"]`.
    public var trainCommand: [String]
    /// A lease lasts this long unless renewed by a heartbeat.
    public var leaseSeconds: Double
    /// How often the worker renews its leases and checks for cancellation.
    public var heartbeatSeconds: Double
    /// How long an idle slot waits before looking at the queue again.
    public var pollSeconds: Double
    /// A run taking longer than this is stopped and failed with reason `timeout`.
    public var jobTimeoutSeconds: Double
    /// After SIGTERM, a run has this long to stop before SIGKILL.
    public var cancelGraceSeconds: Double
    /// Backoff between retries of a failed run.
    public var retry: RetryPolicy
    /// Stop once no platform job this worker could run is queued or running anywhere (a running job's lease
    /// may still expire and bring it back).
    public var exitWhenIdle: Bool
    /// Where a completed run's output goes (the job's artifacts); `nil`: it stays in the job folder only.
    public var artifacts: JobArtifacts?

    /// Creates a configuration with production defaults.
    public init(
        info: WorkerInfo, stateFolder: String, trainCommand: [String], leaseSeconds: Double = 30, heartbeatSeconds: Double = 5,
        pollSeconds: Double = 1, jobTimeoutSeconds: Double = 86_400, cancelGraceSeconds: Double = 10,
        retry: RetryPolicy = RetryPolicy(maxRetries: .max, baseDelay: 5, maxDelay: 300), exitWhenIdle: Bool = false,
        artifacts: JobArtifacts? = nil
    ) {
        self.info = info
        self.stateFolder = stateFolder
        self.trainCommand = trainCommand
        self.leaseSeconds = leaseSeconds
        self.heartbeatSeconds = heartbeatSeconds
        self.pollSeconds = pollSeconds
        self.jobTimeoutSeconds = jobTimeoutSeconds
        self.cancelGraceSeconds = cancelGraceSeconds
        self.retry = retry
        self.exitWhenIdle = exitWhenIdle
        self.artifacts = artifacts
    }
}
