/// Where a job stands in Trainyard's lifecycle.
public enum JobState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Accepted and persisted; waiting to be routed, or waiting in the platform queue.
    case queued
    /// The router is handing it to a provider.
    case submitting
    /// A provider accepted it and runs (or is about to run) it.
    case running
    case completed
    case failed
    case cancelled

    /// Whether the job is finished for good.
    public var isTerminal: Bool { self == .completed || self == .failed || self == .cancelled }

    /// The states of a job not finished yet.
    public static let active = allCases.filter { !$0.isTerminal }
}
