import Outbox
import Foundation
import Composition
import Pipeline

/// `convert --deliver`: queues each converted VC in the configured outbox and delivers it with
/// the gateway's own worker (same retries, dead letters and VC-id dedup as `serve`), then says
/// what became of each credential.
///
/// Only job ids are kept per credential (not the VCs), so memory grows by a few bytes a record.
struct DeliveryRun {
    /// One credential handed to the outbox.
    private struct Entry {
        let position: String
        let label: String
        let outcome: EventOutcome
    }

    private let door: OutboxDoor
    private var entries: [Entry] = []
    private var notQueued = 0

    /// Opens the outbox of the composition root's parts (the same file `serve` and `deliveries` use).
    init(parts: GatewayParts) {
        door = OutboxDoor(parts: parts)
    }

    /// Connects to the outbox (and migrates it) before the first credential, so a wrong store
    /// setting stops the command at once.
    func prepare() async throws {
        do {
            try await door.store.prepare()
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// A credential the pipeline refused (no configured destination takes its profile): not
    /// signed, not queued.
    mutating func refuse(sourceId: String, position: String, reason: String) {
        notQueued += 1
        StandardError.write("\(position) (\(sourceId)): not queued: \(reason)\n")
    }

    /// Queues one pipeline result; a VC id the outbox has delivered already is not queued again.
    mutating func enqueue(_ converted: ConvertedCredential, position: String) async {
        let label = "\(position) (\(converted.sourceId)) \(converted.vcId ?? "(no VC id)")"
        do {
            entries.append(Entry(position: position, label: label, outcome: try await door.enqueue(converted)))
        } catch {
            notQueued += 1
            StandardError.write("\(label): not queued: \(error)\n")
        }
    }

    /// Delivers every due job once (retries stay scheduled in the outbox), prints one line per
    /// credential and the summary to standard error, and returns the summary.
    func deliver() async -> DeliverySummary {
        await door.deliverDue()
        var summary = DeliverySummary(notQueued: notQueued)
        var reported: [Int64: String] = [:]
        for entry in entries {
            if let jobId = entry.outcome.jobId, let first = reported[jobId] {
                // The same credential twice in one input: one job, one import.
                summary.repeated += 1
                StandardError.write("\(entry.label): same credential as \(first) (job \(jobId)); sent once\n")
                continue
            }
            if let jobId = entry.outcome.jobId { reported[jobId] = entry.position }
            let line = await report(entry, into: &summary)
            StandardError.write("\(entry.label): \(line)\n")
        }
        StandardError.write(summary.line + "\n")
        return summary
    }

    private func report(_ entry: Entry, into summary: inout DeliverySummary) async -> String {
        guard let jobId = entry.outcome.jobId else {
            summary.notQueued += 1
            return "not queued (\(entry.outcome))"
        }
        let job: DeliveryJob?
        do {
            job = try await door.store.job(id: jobId)
        } catch {
            summary.notQueued += 1
            return "job \(jobId): cannot read it back: \(error)"
        }
        guard let job else {
            summary.notQueued += 1
            return "job \(jobId) is no longer in the outbox"
        }
        if case .alreadyDelivered = entry.outcome {
            summary.alreadyDelivered += 1
            return "already delivered (job \(jobId)); not sent again"
        }
        switch job.state {
        case .delivered:
            summary.delivered += 1
            return "delivered (job \(jobId)" + (job.receipt.map { ", wallet record \($0))" } ?? ", the wallet already held it)")
        case .dead:
            summary.dead += 1
            return "dead (job \(jobId)): \(job.lastError ?? "no reason recorded"); `certbridge deliveries retry \(jobId)` queues it again"
        case .noMatch:
            summary.dead += 1
            return "no-match (job \(jobId)): \(job.lastError ?? "no reason recorded")"
        case .deleted:
            summary.dead += 1
            return "deleted (job \(jobId)): \(job.lastError ?? "the credential was deleted in Certifier")"
        case .signed:
            summary.queued += 1
            let failure = job.lastError.map { "attempt \(job.attempts) failed: \($0); " } ?? ""
            return "queued for retry (job \(jobId), next attempt \(DeliveryTable.timestamp(job.nextAttemptAt))): \(failure)"
                + "certbridge serve or the next convert --deliver sends it"
        case .received, .fetched:
            summary.queued += 1
            return "queued (job \(jobId) came from a webhook and is \(job.state); certbridge serve finishes it)"
        }
    }
}

/// What `convert --deliver` achieved, for the last line and the exit status.
struct DeliverySummary: Equatable {
    /// Credentials that could not be queued (outbox errors).
    var notQueued = 0
    /// Imported by this run (200, or 409: the wallet held it already).
    var delivered = 0
    /// Delivered by an earlier run or by `serve`; no request made.
    var alreadyDelivered = 0
    /// Waiting for a retry (or for `serve`, for webhook jobs).
    var queued = 0
    /// Given up on, with the reason in the outbox.
    var dead = 0
    /// Credentials that occur more than once in the input (reported once).
    var repeated = 0

    var line: String {
        "delivery: \(delivered) delivered, \(alreadyDelivered) already delivered, \(queued) queued for retry, "
            + "\(dead) dead" + (notQueued > 0 ? ", \(notQueued) not queued" : "")
            + (repeated > 0 ? ", \(repeated) repeated in the input" : "")
    }

    /// Exit status: 1 when something is dead or could not be queued, 75 (EX_TEMPFAIL) when some
    /// credentials wait for a retry, else 0.
    var exitCode: Int32 {
        if dead > 0 || notQueued > 0 { return 1 }
        return queued > 0 ? 75 : 0
    }
}
