import Foundation

/// How the worker schedules jobs.
public struct WorkerConfiguration: Sendable {
    /// Jobs processed at the same time.
    public var concurrency: Int
    /// How long a claimed job stays reserved for this worker without a heartbeat. The heartbeat
    /// renews the leases of the jobs in progress, so a long step keeps its job; the lease is the
    /// fallback for an owner whose heartbeat is not registered, and brings back a job the worker
    /// dropped (a failed save). At least ``ownerTimeout``.
    public var lease: Duration
    /// How often the worker tells the store it is alive (and renews its leases in progress).
    public var heartbeat: Duration
    /// After how long without a heartbeat this worker counts as dead, and others take its jobs.
    /// At least twice ``heartbeat``, so one late beat is not a death.
    public var ownerTimeout: Duration
    /// How often the outbox is polled when nothing wakes the worker.
    public var pollInterval: Duration
    /// The longest wait between claims while the store fails (the database is down, the disk is
    /// full): the wait doubles from ``pollInterval`` per failed claim up to this, so a store that
    /// is away is not asked, and the log not written, every poll. A webhook stored meanwhile wakes
    /// the worker at once, so recovery under load does not wait for it.
    public var storeRetryLimit: Duration
    /// How long the worker waits for one of its claims or saves before it gives the call up (the
    /// store may never answer: a pool waiting for a connection that does not come). A claim given
    /// up counts as a failed claim; a save given up leaves the job to come back after its lease.
    /// Heartbeats and the owner's retirement are bounded by ``ownerTimeout`` instead.
    public var storeTimeout: Duration
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
        states: Set<JobState> = Set(JobState.pending), heartbeat: Duration = .seconds(2),
        ownerTimeout: Duration = .seconds(10), storeRetryLimit: Duration = .seconds(10), storeTimeout: Duration = .seconds(30)
    ) {
        self.storeTimeout = storeTimeout
        self.storeRetryLimit = storeRetryLimit
        self.heartbeat = heartbeat
        self.ownerTimeout = ownerTimeout
        self.states = states
        self.concurrency = max(1, concurrency)
        self.lease = lease
        self.pollInterval = pollInterval
        self.retry = retry
        self.owner = owner
    }

    /// How long the worker waits after `failures` claims in a row failed: ``pollInterval`` doubled
    /// per failure after the first, at most ``storeRetryLimit`` (and never less than the poll interval).
    public func claimRetryDelay(afterFailures failures: Int) -> Duration {
        guard failures > 0 else { return pollInterval }
        let limit = max(pollInterval, storeRetryLimit)
        var delay = pollInterval
        for _ in 1..<min(failures, 32) where delay < limit { delay *= 2 }
        return min(delay, limit)
    }
}
