import Foundation

/// How the worker schedules jobs.
public struct WorkerConfiguration: Sendable {
    /// Jobs processed at the same time.
    public var concurrency: Int
    /// How long a claimed job stays reserved for this worker; after that (e.g. the process was
    /// killed) another worker may take it. Must exceed the longest single step.
    public var lease: Duration
    /// How often the outbox is polled when nothing wakes the worker.
    public var pollInterval: Duration
    /// Backoff and attempt bound.
    public var retry: RetryPolicy
    /// The lease owner name; unique per process.
    public var owner: String
    /// The states this worker takes; a delivery-only worker (`convert --deliver`) takes `[.signed]`.
    public var states: Set<JobState>

    /// Creates a configuration.
    public init(
        concurrency: Int = 4, lease: Duration = .seconds(120), pollInterval: Duration = .seconds(1),
        retry: RetryPolicy = RetryPolicy(), owner: String = "worker-\(UUID().uuidString.prefix(8).lowercased())",
        states: Set<JobState> = Set(JobState.pending)
    ) {
        self.states = states
        self.concurrency = max(1, concurrency)
        self.lease = lease
        self.pollInterval = pollInterval
        self.retry = retry
        self.owner = owner
    }
}
