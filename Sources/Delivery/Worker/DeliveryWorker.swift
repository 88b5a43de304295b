import Certifier
import Foundation
import JSONCanonical
import Logging
import Synchronization

/// Takes due jobs from the outbox and moves each one through fetch → convert → deliver.
///
/// At most `concurrency` jobs run at once. Every step's result is saved before the next step,
/// so a crash loses at most the step in progress, which runs again when the lease expires.
public final class DeliveryWorker: Sendable {
    private let store: any OutboxStore
    private let source: any CredentialSource
    private let converter: any CredentialConverter
    private let destination: any CredentialDestination
    private let configuration: WorkerConfiguration
    private let metrics: DeliveryMetrics
    private let logger: Logger
    private let random: @Sendable () -> Double
    private let now: @Sendable () -> Date
    private let wakeSignal = WakeSignal()
    private let stopping = Atomic<Bool>(false)
    private let inFlight = Atomic<Int>(0)

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
        await withDiscardingTaskGroup { group in
            while !isStopping {
                let free = configuration.concurrency - inFlight.load(ordering: .acquiring)
                var claimed: [DeliveryJob] = []
                if free > 0 {
                    do {
                        claimed = try await store.claimDue(
                            owner: configuration.owner, now: now(), limit: free, lease: configuration.lease,
                            states: configuration.states)
                    } catch {
                        logger.error("cannot claim jobs", metadata: ["error": "\(error)"])
                    }
                }
                for job in claimed {
                    inFlight.add(1, ordering: .acquiringAndReleasing)
                    group.addTask {
                        await self.process(job)
                        self.inFlight.subtract(1, ordering: .acquiringAndReleasing)
                        self.wakeSignal.signal()
                    }
                }
                // A full batch means more may be due: claim again at once unless every slot is busy.
                if claimed.count == free && free > 0 { continue }
                await wakeSignal.wait(timeout: configuration.pollInterval)
                if Task.isCancelled { stop() }
            }
        }
        logger.info("delivery worker stopped", metadata: ["owner": "\(configuration.owner)"])
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

    private var isStopping: Bool { stopping.load(ordering: .acquiring) }

    /// Claims and processes due jobs until none is due; returns how many jobs were taken.
    /// For one-shot callers (CLI, tests) that do not run the loop.
    @discardableResult
    public func drainDue() async -> Int {
        var total = 0
        while true {
            let jobs: [DeliveryJob]
            do {
                jobs = try await store.claimDue(
                    owner: configuration.owner, now: now(), limit: configuration.concurrency, lease: configuration.lease,
                    states: configuration.states)
            } catch {
                logger.error("cannot claim jobs", metadata: ["error": "\(error)"])
                return total
            }
            if jobs.isEmpty { return total }
            total += jobs.count
            await withDiscardingTaskGroup { group in
                for job in jobs { group.addTask { await self.process(job) } }
            }
        }
    }

    /// Moves one leased job as far as it goes now.
    func process(_ job: DeliveryJob) async {
        var machine = DeliveryJob.StateMachine(job: job, policy: configuration.retry)
        var log = logger
        log[metadataKey: "job"] = "\(job.id)"
        log[metadataKey: "credential"] = "\(job.sourceId)"
        var action = machine.nextAction
        while true {
            switch action {
            case .fetch(let sourceId):
                let started = ContinuousClock.now
                do {
                    let document = try await source.fetchCredential(id: sourceId)
                    metrics.certifierLatency.record(ContinuousClock.now - started)
                    action = machine.fetched(document, now: now())
                    log.debug("credential fetched")
                } catch {
                    let failure: DeliveryJob.StateMachine.Failure =
                        error.isRetryable
                        ? .retryable(error.description, retryAfter: error.retryAfter) : .permanent(error.description)
                    action = fail(&machine, failure, log: log)
                }
            case .convert(let document):
                switch await converter.convert(document) {
                case .converted(let vc, let vcId, let profile):
                    action = machine.converted(vc: vc, vcId: vcId, profile: profile, now: now())
                    log[metadataKey: "vc"] = "\(vcId)"
                    log.debug("credential converted", metadata: ["profile": "\(profile)"])
                case .noProfileMatched(let reason):
                    action = machine.noProfileMatched(reason: reason, now: now())
                case .failed(let reason):
                    action = fail(&machine, .permanent(reason), log: log)
                }
            case .deliver(let vc):
                let started = ContinuousClock.now
                let outcome = await destination.importCredential(vc)
                metrics.walletLatency.record(ContinuousClock.now - started)
                switch outcome {
                case .imported(let recordId):
                    action = machine.delivered(walletRecordId: recordId, now: now())
                case .alreadyPresent:
                    action = machine.delivered(walletRecordId: nil, now: now())
                case .retryable(let reason, let retryAfter):
                    action = fail(&machine, .retryable(reason, retryAfter: retryAfter), log: log)
                case .rejected(let reason):
                    action = fail(&machine, .permanent(reason), log: log)
                }
            case .wait, .finished:
                if await persist(&machine, keepLease: false, log: log) {
                    report(machine.job, log: log)
                }
                return
            }
            if case .wait = action { continue }
            if case .finished = action { continue }
            // Save progress before the next step: a crash after this point does not redo the step.
            guard await persist(&machine, keepLease: !isStopping, log: log) else { return }
            if machine.job.state.isTerminal {
                // Saving turned the job terminal (its VC id belongs to another job).
                report(machine.job, log: log)
                return
            }
            if isStopping {
                log.info("left queued for the next start", metadata: ["state": "\(machine.job.state)"])
                return
            }
        }
    }

    private func fail(
        _ machine: inout DeliveryJob.StateMachine, _ failure: DeliveryJob.StateMachine.Failure, log: Logger
    ) -> DeliveryJob.StateMachine.Action {
        let action = machine.failed(failure, now: now(), random: random())
        if case .wait(let until) = action {
            metrics.retried.increment()
            log.warning(
                "step failed, will retry",
                metadata: [
                    "state": "\(machine.job.state)", "attempt": "\(machine.job.attempts)",
                    "next_attempt": "\(until)", "reason": "\(machine.job.lastError ?? "")",
                ])
        }
        return action
    }

    /// Saves the job; returns false when it must not go on (lease lost or store failure).
    private func persist(_ machine: inout DeliveryJob.StateMachine, keepLease: Bool, log: Logger) async -> Bool {
        do {
            let saved = try await store.save(
                machine.job, owner: configuration.owner, keepLease: keepLease, now: now(), lease: configuration.lease)
            if !saved { log.warning("lease lost; another worker owns the job now") }
            return saved
        } catch .vcIdTaken(let vcId) {
            var job = machine.job
            job.state = .dead
            job.lastError = "VC id \(vcId) already belongs to another outbox job; not sent twice"
            job.vc = nil
            job.vcId = nil
            machine = DeliveryJob.StateMachine(job: job, policy: configuration.retry)
            return await persist(&machine, keepLease: false, log: log)
        } catch {
            // The lease will run out and the job will be taken again: nothing is lost.
            log.error("cannot save job", metadata: ["error": "\(error)"])
            return false
        }
    }

    private func report(_ job: DeliveryJob, log: Logger) {
        metrics.recordTerminal(job, now: now())
        switch job.state {
        case .delivered:
            log.info(
                "credential delivered",
                metadata: ["vc": "\(job.vcId ?? "")", "wallet_record": "\(job.walletRecordId ?? "(409: already present)")"])
        case .dead:
            log.error("delivery dead", metadata: ["reason": "\(job.lastError ?? "")"])
        case .noMatch:
            log.notice("no profile matched", metadata: ["reason": "\(job.lastError ?? "")"])
        case .received, .fetched, .signed:
            break
        }
    }
}
