import Foundation
import JSONCanonical
import Logging
import Synchronization

/// Takes due jobs from the outbox and moves each one through fetch → convert → deliver.
///
/// At most `concurrency` jobs run at once. Every step's result is saved before the next step,
/// so a crash loses at most the step in progress, which runs again once the worker's heartbeat
/// stops (DeliveryWorker+Heartbeat.swift) or, without one, when the lease expires.
public final class DeliveryWorker: Sendable {
    let store: any OutboxStore
    let source: any CredentialSource
    let converter: any CredentialConverter
    let destination: any CredentialDestination
    let configuration: WorkerConfiguration
    let metrics: DeliveryMetrics
    let logger: Logger
    let random: @Sendable () -> Double
    let now: @Sendable () -> Date
    private let wakeSignal = WakeSignal()
    private let stopping = Atomic<Bool>(false)
    private let inFlight = Atomic<Int>(0)
    /// The jobs in progress, whose leases the heartbeat renews.
    let held = Mutex<Set<Int64>>([])
    /// Heartbeats so far (the first registers the owner).
    let beats = Atomic<Int>(0)

    /// Creates a worker; `random` (0..<1) and `now` are injectable so tests are deterministic.
    public init(
        store: any OutboxStore, source: any CredentialSource, converter: any CredentialConverter,
        destination: any CredentialDestination, configuration: WorkerConfiguration = WorkerConfiguration(),
        metrics: DeliveryMetrics = .discarding, logger: Logger = Logger(label: "certbridge.delivery"),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.source = source
        self.converter = converter
        self.destination = destination
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
        self.random = random
        self.now = now
    }

    /// Runs until ``stop()`` or cancellation; jobs in progress then finish their current step and
    /// are saved, and everything else stays queued for the next start.
    public func run() async {
        logger.info(
            "delivery worker started",
            metadata: ["owner": "\(configuration.owner)", "concurrency": "\(configuration.concurrency)"])
        await withHeartbeat { await claimLoop() }
        logger.info("delivery worker stopped", metadata: ["owner": "\(configuration.owner)"])
    }

    private func claimLoop() async {
        await withDiscardingTaskGroup { group in
            // Claims failed in a row: the store is away, and the worker waits longer each time.
            var failedClaims = 0
            while !isStopping {
                let free = configuration.concurrency - inFlight.load(ordering: .acquiring)
                var claimed: [DeliveryJob] = []
                if free > 0 {
                    do {
                        claimed = try await claim(limit: free)
                        if failedClaims > 0 {
                            logger.notice("claiming jobs again", metadata: ["failed_claims": "\(failedClaims)"])
                        }
                        failedClaims = 0
                    } catch {
                        failedClaims += 1
                        logger.error(
                            "cannot claim jobs",
                            metadata: [
                                "error": "\(error)", "failed_claims": "\(failedClaims)",
                                "next_try_in": "\(configuration.claimRetryDelay(afterFailures: failedClaims))",
                            ])
                    }
                }
                for job in claimed {
                    inFlight.add(1, ordering: .acquiringAndReleasing)
                    hold(job)
                    group.addTask {
                        await self.process(job)
                        self.release(job)
                        self.inFlight.subtract(1, ordering: .acquiringAndReleasing)
                        self.wakeSignal.signal()
                    }
                }
                // A full batch means more may be due: claim again at once unless every slot is busy.
                if claimed.count == free && free > 0 { continue }
                await wakeSignal.wait(timeout: configuration.claimRetryDelay(afterFailures: failedClaims))
                if Task.isCancelled { stop() }
            }
        }
    }

    /// Leases up to `limit` due jobs to this worker, bounded by ``WorkerConfiguration/storeTimeout``.
    private func claim(limit: Int) async throws(OutboxError) -> [DeliveryJob] {
        let (store, configuration, time) = (store, configuration, now())
        return try await Self.storeCall(within: configuration.storeTimeout, setting: Self.storeTimeoutSetting) {
            () async throws(OutboxError) -> [DeliveryJob] in
            try await store.claimDue(
                owner: configuration.owner, now: time, limit: limit, lease: configuration.lease, states: configuration.states)
        }
    }

    /// Asks ``run()`` to stop claiming and return once the jobs in progress are saved.
    public func stop() {
        stopping.store(true, ordering: .releasing)
        wakeSignal.signal()
    }

    /// Wakes the worker now (a new job was queued).
    public func wake() {
        wakeSignal.signal()
    }

    var isStopping: Bool { stopping.load(ordering: .acquiring) }

    /// Claims and processes due jobs until none is due; returns how many jobs were taken.
    /// For one-shot callers (CLI, tests) that do not run the loop.
    @discardableResult
    public func drainDue() async -> Int {
        await withHeartbeat { await drainLoop() }
    }

    private func drainLoop() async -> Int {
        var total = 0
        while true {
            let jobs: [DeliveryJob]
            do {
                jobs = try await claim(limit: configuration.concurrency)
            } catch {
                logger.error("cannot claim jobs", metadata: ["error": "\(error)"])
                return total
            }
            if jobs.isEmpty { return total }
            total += jobs.count
            await withDiscardingTaskGroup { group in
                for job in jobs {
                    hold(job)
                    group.addTask {
                        await self.process(job)
                        self.release(job)
                    }
                }
            }
        }
    }
}
