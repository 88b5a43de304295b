import Foundation

/// Heartbeats of the processes that claim jobs (serve's worker, `convert --deliver`), kept beside
/// the jobs so that a process killed with its jobs leased is noticed within seconds instead of
/// after the lease (docs/SERVE.md, "Recovery after a crash").
///
/// The rule every store applies in ``OutboxStore/claimDue(owner:now:limit:lease:states:)``: a
/// leased job is taken again when its lease ran out, or at once when its owner is registered here
/// and missed its heartbeats (`expires_at` passed). A live owner keeps its leases by renewing them
/// with every heartbeat for the jobs it is working on, so a long step never loses its job; a job
/// it dropped (a save failed) is not renewed and comes back after the lease. An owner never
/// registered (an older version, a one-shot test) is judged by its lease alone.
public protocol LeaseOwnerRegistry: Sendable {
    /// Registers or refreshes `owner`: it counts as alive until `timeout` from now, and the leases
    /// of `holding` (the jobs it is working on) that it still owns run until `lease` from now.
    /// Also forgets owners that died and hold no job. On PostgreSQL "now" is the database's clock
    /// (`clock_timestamp()`), so instances need not agree on the time; SQLite uses `now`.
    func heartbeat(_ owner: LeaseOwner, holding: [Int64], lease: Duration, timeout: Duration, now: Date)
        async throws(OutboxError) -> HeartbeatOutcome

    /// Removes `owner` on a clean shutdown and releases every lease it still holds, so its jobs are
    /// due again at once; returns how many leases were released.
    @discardableResult
    func retireOwner(named owner: String) async throws(OutboxError) -> Int

    /// The owners registered now, live or not, oldest first (for `certbridge deliveries owners` and metrics).
    func leaseOwners(now: Date) async throws(OutboxError) -> [LeaseOwnerStatus]
}

/// One process that claims jobs, as operators see it.
public struct LeaseOwner: Sendable, Equatable {
    /// The lease owner name (``WorkerConfiguration/owner``), unique per process.
    public var name: String
    /// The host the process runs on.
    public var host: String
    /// Its process id.
    public var pid: Int

    /// Creates an owner.
    public init(name: String, host: String = ProcessInfo.processInfo.hostName, pid: Int = Int(ProcessInfo.processInfo.processIdentifier)) {
        self.name = name
        self.host = host
        self.pid = pid
    }
}

/// A registered owner and whether it is alive.
public struct LeaseOwnerStatus: Sendable, Equatable {
    /// Who.
    public var owner: LeaseOwner
    /// First heartbeat.
    public var startedAt: Date
    /// Last heartbeat.
    public var lastSeen: Date
    /// When it counts as dead unless it beats again.
    public var expiresAt: Date
    /// Whether `expiresAt` is still ahead (on the store's clock).
    public var isAlive: Bool
    /// Jobs it holds a lease on.
    public var leasedJobs: Int

    /// Creates a status.
    public init(owner: LeaseOwner, startedAt: Date, lastSeen: Date, expiresAt: Date, isAlive: Bool, leasedJobs: Int) {
        self.owner = owner
        self.startedAt = startedAt
        self.lastSeen = lastSeen
        self.expiresAt = expiresAt
        self.isAlive = isAlive
        self.leasedJobs = leasedJobs
    }
}

/// What a heartbeat found.
public enum HeartbeatOutcome: Sendable, Equatable {
    /// The owner was not registered (its first heartbeat, or it was forgotten after being declared dead).
    case registered
    /// The owner was alive and is refreshed.
    case renewed
    /// The owner had missed its timeout (the process was paused): others may have taken its jobs,
    /// and its saves of those jobs now fail. It is alive again from now on.
    case revived
}
