import Foundation
import Logging

/// The worker's heartbeat (``LeaseOwnerRegistry``): while it claims, it tells the store every
/// ``WorkerConfiguration/heartbeat`` that it is alive and renews the leases of the jobs in
/// progress. A process killed with jobs leased stops beating, and after
/// ``WorkerConfiguration/ownerTimeout`` others take its jobs, instead of after the whole lease.
///
/// Why renew leases rather than never take a live owner's jobs: both keep a long step's job, but
/// renewing only the jobs in progress also lets a job the worker dropped (its save failed while
/// the database was away) come back after the lease, whereas a live owner's jobs that nobody
/// could take would wait for the process to end.
extension DeliveryWorker {
    /// Runs `body` with the owner registered and beating; on return the owner is removed and its
    /// remaining leases released, so a restart, or another process, does not wait for them.
    func withHeartbeat<T: Sendable>(_ body: () async -> T) async -> T {
        await beat()
        let beating = Task { [self] in
            while true {
                do {
                    try await Task.sleep(for: configuration.heartbeat)
                } catch {
                    return
                }
                await beat()
            }
        }
        let result = await body()
        beating.cancel()
        await beating.value
        do {
            let (store, owner) = (store, configuration.owner)
            // Also when the worker's task was cancelled: a stop that keeps its leases makes the next
            // start wait for the owner timeout.
            // Bounded by the owner timeout: after that the row has expired and others take the jobs anyway.
            let released = try await Self.storeCall(within: configuration.ownerTimeout, setting: "delivery.owner_timeout") {
                () async throws(OutboxError) -> Int in
                try await store.retireOwner(named: owner)
            }
            if released > 0 {
                logger.notice("released leases at shutdown", metadata: ["owner": "\(configuration.owner)", "jobs": "\(released)"])
            }
        } catch {
            // The row expires after the owner timeout, and the jobs are taken then.
            logger.warning("cannot remove the lease owner", metadata: ["owner": "\(configuration.owner)", "error": "\(error)"])
        }
        return result
    }

    /// One heartbeat; a failure is logged and the next beat tries again.
    func beat() async {
        let holding = held.withLock { Array($0) }
        let (store, configuration, time) = (store, configuration, now())
        do {
            // A beat answered after the owner timeout is worth nothing (the owner counts as dead by
            // then), and one that never comes back must not stop the next beats or the shutdown.
            let outcome = try await Self.storeCall(within: configuration.ownerTimeout, setting: "delivery.owner_timeout") {
                () async throws(OutboxError) -> HeartbeatOutcome in
                try await store.heartbeat(
                    LeaseOwner(name: configuration.owner), holding: holding, lease: configuration.lease,
                    timeout: configuration.ownerTimeout, now: time)
            }
            let count = beats.add(1, ordering: .acquiringAndReleasing).newValue
            if outcome == .revived || (outcome == .registered && count > 1) {
                // Jobs another process took meanwhile are not written by this one: their saves fail.
                logger.warning(
                    "this worker missed its heartbeat timeout and was declared dead; jobs taken meanwhile are left to their new owner",
                    metadata: ["owner": "\(configuration.owner)", "owner_timeout": "\(configuration.ownerTimeout)"])
            }
        } catch {
            logger.error("heartbeat failed", metadata: ["owner": "\(configuration.owner)", "error": "\(error)"])
        }
    }

    /// Marks a claimed job as in progress (its lease is renewed by each beat).
    func hold(_ job: DeliveryJob) {
        _ = held.withLock { $0.insert(job.id) }
    }

    /// The job is saved or dropped: no more renewals.
    func release(_ job: DeliveryJob) {
        _ = held.withLock { $0.remove(job.id) }
    }
}

extension DeliveryWorker {
    /// How a claim or save given up after ``WorkerConfiguration/storeTimeout`` names that bound
    /// (it is not a configuration key).
    static let storeTimeoutSetting = "the worker's store timeout"

    /// Runs one of the worker's own store calls in a task of its own, bounded by `limit`.
    ///
    /// - The caller's cancellation does not reach it: the store (GRDB checks for cancellation before
    ///   it runs a statement) would otherwise refuse the last writes of a worker that is being
    ///   stopped by cancellation.
    /// - A call the store never answers is abandoned after `limit` with
    ///   ``OutboxError/unavailable(_:)``. After a PostgreSQL restart under load, a heartbeat's
    ///   transaction was seen waiting forever (ServePostgresOutageTests); unbounded, that kept the
    ///   heartbeat from beating again and `serve` from ever shutting down. An abandoned write may
    ///   still commit later; every worker write is safe to repeat or to lose (a lost save brings the
    ///   job back after its lease).
    static func storeCall<T: Sendable>(
        within limit: Duration, setting: String,
        _ call: @escaping @Sendable () async throws(OutboxError) -> T
    ) async throws(OutboxError) -> T {
        let outcome = await StoreDeadline.run(within: limit, setting: setting) { () async -> Result<T, OutboxError> in
            do throws(OutboxError) {
                return .success(try await call())
            } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case .value(let result): return try result.get()
        case .failure(let reason): throw .unavailable(reason)
        }
    }
}
