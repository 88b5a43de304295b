import Foundation
import JSONCanonical
import Logging

extension DeliveryWorker {
    /// Moves one leased job as far as it goes now.
    func process(_ job: DeliveryJob) async {
        var machine = DeliveryJob.StateMachine(job: job, policy: configuration.retry)
        // The credential and VC as the store holds them (claimed with the job, then as saved): a
        // save whose documents are these same values need not write them out again.
        var stored = StoredPayload(job)
        var log = logger
        // One write of the handler's metadata: the stream handler formats it again at each write.
        log.handler.metadata.merge(["job": "\(job.id)", "credential": "\(job.sourceId)"]) { _, new in new }
        var action = machine.nextAction
        while true {
            // Whether the step just taken must be saved before the next one starts.
            var saveBeforeNextStep = true
            switch action {
            case .fetch(let sourceId):
                let started = ContinuousClock.now
                do {
                    let document = try await source.fetchCredential(id: sourceId)
                    metrics.sourceLatency.record(ContinuousClock.now - started)
                    action = machine.fetched(document, now: now())
                    // A read has no effect outside: after a crash the job reads again. The document
                    // is saved with the signed VC, one transaction instead of two per credential;
                    // an event arriving meanwhile still makes the job read again (recheck: a claimed
                    // `received` job counts as reading, OutboxRules.recheckConditionSQL).
                    saveBeforeNextStep = false
                    log.debug("credential fetched")
                } catch where error.isGone {
                    action = machine.gone(reason: "fetch: \(error.description)", now: now())
                } catch {
                    let failure: DeliveryJob.StateMachine.Failure =
                        error.isRetryable
                        ? .retryable(error.description, retryAfter: error.retryAfter) : .permanent(error.description)
                    action = fail(&machine, failure, log: log)
                }
            case .convert(let document, let previous):
                switch await converter.convert(document, previous: previous) {
                case .converted(let converted):
                    action = machine.converted(converted, now: now())
                    log[metadataKey: "vc"] = "\(converted.vcId)"
                    log.debug("credential converted", metadata: ["profile": "\(converted.profile)", "revision": "\(converted.revision)"])
                case .unchanged(let reason):
                    action = machine.keptDelivered(note: nil, now: now())
                    log.debug("credential unchanged", metadata: ["reason": "\(reason)"])
                case .held(let reason):
                    action = machine.keptDelivered(note: reason, now: now())
                    log.notice("credential changed, not re-issued", metadata: ["reason": "\(reason)"])
                case .noProfileMatched(let reason):
                    action = machine.noProfileMatched(reason: reason, now: now())
                case .failed(let reason):
                    action = fail(&machine, .permanent(reason), log: log)
                case .retryable(let reason):
                    action = fail(&machine, .retryable(reason, retryAfter: nil), log: log)
                case .refused(let profile, let reason):
                    action = machine.refused(profile: profile, reason: reason, now: now())
                }
            case .deliver(let vc):
                let started = ContinuousClock.now
                let job = machine.job
                let outcome = await destination.deliver(
                    DeliveryRequest(vc: vc, profile: job.profile ?? "", sourceId: job.sourceId, source: job.credential, revision: job.revision))
                metrics.destinationLatency.record(ContinuousClock.now - started)
                switch outcome {
                case .delivered(let receipt):
                    action = machine.delivered(receipt: receipt, now: now())
                case .alreadyPresent:
                    action = machine.delivered(receipt: nil, now: now())
                case .retryable(let reason, let retryAfter):
                    action = fail(&machine, .retryable(reason, retryAfter: retryAfter), log: log)
                case .rejected(let reason):
                    action = fail(&machine, .permanent(reason), log: log)
                }
            case .wait, .finished:
                if await persist(&machine, keepLease: false, stored: &stored, log: log) {
                    report(machine.job, log: log)
                }
                return
            }
            if case .wait = action { continue }
            if case .finished = action { continue }
            if !saveBeforeNextStep && !isStopping { continue }
            // Save progress before the next step: a crash after this point does not redo the step.
            guard await persist(&machine, keepLease: !isStopping, stored: &stored, log: log) else { return }
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

    func fail(
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

    /// Saves the job; returns false when it must not go on (lease lost or store failure). `stored`
    /// is what the store holds of the job's documents, and becomes the job's once it is saved.
    func persist(
        _ machine: inout DeliveryJob.StateMachine, keepLease: Bool, stored: inout StoredPayload, log: Logger
    ) async -> Bool {
        do {
            let job = machine.job
            let (store, owner, lease, time) = (store, configuration.owner, configuration.lease, now())
            let payloadStored = stored.holds(job)
            // The step is done (perhaps the wallet already has the VC): its result is saved even when
            // the worker is being cancelled, or the job would be repeated after the next start.
            let saved = try await Self.storeCall(within: configuration.storeTimeout, setting: Self.storeTimeoutSetting) {
                () async throws(OutboxError) -> Bool in
                try await store.save(job, owner: owner, keepLease: keepLease, now: time, lease: lease, payloadStored: payloadStored)
            }
            if !saved { log.warning("lease lost; another worker owns the job now") }
            if saved { stored = StoredPayload(job) }
            return saved
        } catch .vcIdTaken(let vcId) {
            var job = machine.job
            job.state = .dead
            job.lastError = "VC id \(vcId) already belongs to another outbox job; not sent twice"
            job.vc = nil
            job.vcId = nil
            machine = DeliveryJob.StateMachine(job: job, policy: configuration.retry)
            return await persist(&machine, keepLease: false, stored: &stored, log: log)
        } catch {
            // The lease will run out and the job will be taken again: nothing is lost.
            log.error("cannot save job", metadata: ["error": "\(error)"])
            return false
        }
    }

    func report(_ job: DeliveryJob, log: Logger) {
        metrics.recordTerminal(job, now: now())
        switch job.state {
        case .delivered:
            log.info(
                "credential delivered",
                metadata: ["vc": "\(job.vcId ?? "")", "wallet_record": "\(job.receipt ?? "(409: already present)")"])
        case .dead:
            log.error("delivery dead", metadata: ["reason": "\(job.lastError ?? "")"])
        case .noMatch:
            log.notice("no profile matched", metadata: ["reason": "\(job.lastError ?? "")"])
        case .deleted:
            log.notice("credential deleted in Certifier; its VCs revoked, its data purged")
        case .received, .fetched, .signed:
            break
        }
    }
}
