import Foundation
import JSONCanonical
import Logging
import Outbox

/// Compares Certifier's list with the outbox and queues what differs: the backfill and the
/// scheduled reconcile. It decides nothing itself: each credential it queues goes through the
/// worker's one reconcile (``LifecycleConverter``), exactly like a webhook event.
///
/// - New credentials a profile matches are queued page by page, and the page's cursor is kept
///   in the store, so an interrupted run resumes after the last page it finished.
/// - Re-issues (changed Certifier data) and revocations (issued credentials missing from a full
///   listing: deleted) are counted first and queued only at the end, and only when they stay
///   within `maximumChangeShare` of the credentials read (or at most ``changeFloor``): a run that
///   would re-issue or revoke more stops and reports instead.
public struct Reconciler: Sendable {
    /// What started the run.
    public enum Mode: Sendable, Equatable {
        /// `certbridge backfill [--since DATE]`.
        case backfill(since: Date?)
        /// `serve`'s scheduled reconcile.
        case reconcile

        var name: String {
            switch self {
            case .backfill: "backfill"
            case .reconcile: "reconcile"
            }
        }
    }

    /// Changes up to this many never trip the share check: small outboxes would otherwise stop
    /// on their first correction.
    public static let changeFloor = 10
    /// Documents per page (Certifier's maximum).
    public static let pageSize = 100

    let store: any OutboxStore
    let catalog: any CredentialCatalog
    let converter: LifecycleConverter
    let maximumChangeShare: Double
    let logger: Logger
    let clock: @Sendable () -> Date
    let maximumPageAttempts: Int

    /// Creates a reconciler.
    public init(
        store: any OutboxStore, catalog: any CredentialCatalog, converter: LifecycleConverter, maximumChangeShare: Double,
        logger: Logger = Logger(label: "certbridge.reconcile"), maximumPageAttempts: Int = 8,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.catalog = catalog
        self.converter = converter
        self.maximumChangeShare = maximumChangeShare
        self.logger = logger
        self.maximumPageAttempts = maximumPageAttempts
        self.clock = clock
    }

    /// One run. With `dryRun`, nothing is queued and no cursor is written.
    public func run(_ mode: Mode, dryRun: Bool = false) async throws(ReconcileError) -> ReconcileReport {
        let runId = "\(mode.name)-\(Int64(clock().timeIntervalSince1970 * 1000))"
        var report = ReconcileReport(mode: mode.name, dryRun: dryRun)
        let since: Date? = if case .backfill(let date) = mode { date } else { nil }
        var cursor: String? = try await storeCall { try await store.cursor(named: mode.name) }
        report.resumed = cursor != nil
        // Deletions can only be told from a listing that saw every credential.
        let listsEverything = since == nil && cursor == nil
        var seen: Set<String> = []
        var reissues: [String] = []
        repeat {
            let page = try await fetch(cursor: cursor, since: since, report: &report)
            if let note = page.note, !report.notes.contains(note) { report.notes.append(note) }
            let ids = page.documents.compactMap { $0["id"]?.stringValue }
            let jobs = Dictionary(
                (try await storeCall { try await store.jobs(sourceIds: ids) }).map { ($0.sourceId, $0) }, uniquingKeysWith: { a, _ in a })
            var newIds: [String] = []
            for document in page.documents {
                guard let id = document["id"]?.stringValue else { continue }
                seen.insert(id)
                report.read += 1
                let job = jobs[id]
                if let job, JobState.pending.contains(job.state) {
                    report.pending += 1
                    continue
                }
                let previous = job?.previousIssue(forced: false, replaceSignature: false)
                switch converter.plan(document, previous: previous) {
                case .issue:
                    // Issued before but deleted, or never delivered (dead): a first issue again either way.
                    if job?.state == .dead {
                        report.dead += 1
                    } else {
                        report.newIssues += 1
                        newIds.append(id)
                    }
                case .reissue:
                    report.reissues += 1
                    reissues.append(id)
                case .unchanged: report.unchanged += 1
                case .held: report.held += 1
                case .noMatch: report.noMatch += 1
                case .failed(let reason):
                    report.failed += 1
                    if report.failures.count < 20 { report.failures.append("\(id): \(reason)") }
                }
            }
            if !dryRun {
                for id in newIds { try await queue(id, kind: "issue", runId: runId) }
                try await storeCall { try await store.setCursor(named: mode.name, to: page.next, now: clock()) }
            }
            cursor = page.next
        } while cursor != nil
        var deletions: [String] = []
        if listsEverything {
            deletions = (try await storeCall { try await store.sourceIdsWithCurrentVCs() }).filter { !seen.contains($0) }
        } else {
            report.notes.append("deletions not checked: this run did not list every credential (resumed, or --since)")
        }
        report.deletions = deletions.count
        let changes = reissues.count + deletions.count
        let allowed = max(Double(Self.changeFloor), maximumChangeShare * Double(report.read))
        if Double(changes) > allowed {
            report.stopped =
                "would re-issue \(reissues.count) and revoke \(deletions.count) of \(report.read) credentials read, more than "
                + "reconcile.max_change_share \(maximumChangeShare) allows (or \(Self.changeFloor)); nothing re-issued or revoked. "
                + "Check Certifier and the profiles; `certbridge reissue --profile NAME` re-issues on purpose"
            logger.error("reconcile stopped", metadata: ["reason": "\(report.stopped ?? "")"])
        } else if !dryRun {
            for id in reissues { try await queue(id, kind: "reissue", runId: runId) }
            for id in deletions { try await queue(id, kind: "check-deleted", runId: runId) }
        }
        return report
    }

    /// Reads one page, waiting out 429 (its Retry-After) and other retryable failures with backoff.
    private func fetch(cursor: String?, since: Date?, report: inout ReconcileReport) async throws(ReconcileError) -> CatalogPage {
        var attempt = 0
        while true {
            do {
                return try await catalog.page(cursor: cursor, limit: Self.pageSize, updatedSince: since)
            } catch {
                attempt += 1
                guard error.isRetryable, attempt < maximumPageAttempts else {
                    throw .source("reading Certifier's credential list failed after \(attempt) attempt(s): \(error.reason)")
                }
                let backoff = Duration.milliseconds(250 * (1 << min(attempt, 8)))
                let wait = min(error.retryAfter ?? backoff, .seconds(120))
                report.waits += 1
                logger.warning(
                    "credential list page failed, waiting", metadata: ["reason": "\(error.reason)", "wait": "\(wait)"])
                try? await Task.sleep(for: wait)
            }
        }
    }

    private func queue(_ sourceId: String, kind: String, runId: String) async throws(ReconcileError) {
        let event = SourceEvent(id: "\(runId):\(kind):\(sourceId)", type: "certbridge.\(kind)", sourceId: sourceId, actsOnDocument: true)
        _ = try await storeCall { try await store.record(event: event, now: clock()) }
    }

    /// Runs store calls; their errors (always ``OutboxError``) become ``ReconcileError/store(_:)``.
    private func storeCall<T>(_ body: () async throws -> T) async throws(ReconcileError) -> T {
        do {
            return try await body()
        } catch {
            throw .store("\(error)")
        }
    }
}

/// What one reconcile or backfill found and did.
public struct ReconcileReport: Sendable, Equatable, CustomStringConvertible {
    /// `backfill` or `reconcile`.
    public var mode: String
    /// Nothing was queued.
    public var dryRun: Bool
    /// It continued from a cursor an interrupted run left.
    public var resumed = false
    /// Credentials read from Certifier.
    public var read = 0
    /// First issues queued.
    public var newIssues = 0
    /// Re-issues (changed data) found.
    public var reissues = 0
    /// Issued credentials missing from Certifier's list (queued to be checked and revoked).
    public var deletions = 0
    /// Same claims as delivered.
    public var unchanged = 0
    /// Changed claims without changed data (profile edits); not re-issued.
    public var held = 0
    /// No profile matches.
    public var noMatch = 0
    /// Mapping fails.
    public var failed = 0
    /// Dead letters left for the operator (`certbridge deliveries retry`).
    public var dead = 0
    /// Already being worked on.
    public var pending = 0
    /// Pages waited for (429, 5xx).
    public var waits = 0
    /// Why it stopped instead of acting, if it did.
    public var stopped: String?
    /// Things operators should know.
    public var notes: [String] = []
    /// The first mapping failures.
    public var failures: [String] = []

    /// What differs from the outbox: queued or (when stopped) found.
    public var drift: Int { newIssues + reissues + deletions }

    /// A summary line, then notes.
    public var description: String {
        var text =
            "\(mode)\(dryRun ? " (dry run)" : "")\(resumed ? " (resumed)" : ""): \(read) read; \(newIssues) new, \(reissues) changed, "
            + "\(deletions) deleted, \(unchanged) unchanged, \(held) held (profile edits), \(noMatch) no match, \(failed) failed, "
            + "\(dead) dead, \(pending) in progress"
        if waits > 0 { text += "; waited \(waits) time(s) for Certifier" }
        if let stopped { text += "\nSTOPPED: \(stopped)" }
        for note in notes { text += "\nnote: \(note)" }
        for failure in failures { text += "\nfailed: \(failure)" }
        return text
    }
}

/// Why a reconcile could not run to its end; queued work stays queued, and the cursor lets the
/// next run resume.
public enum ReconcileError: Error, Sendable, CustomStringConvertible {
    /// Certifier's list could not be read.
    case source(String)
    /// The outbox failed.
    case store(String)

    /// The reason.
    public var description: String {
        switch self {
        case .source(let reason): reason
        case .store(let reason): "outbox: \(reason)"
        }
    }
}
