import Outbox
import Foundation
import JSONCanonical
import Logging
import PostgresNIO
import NIOConcurrencyHelpers

/// The outbox in a PostgreSQL database that several gateway instances share.
///
/// Ownership is decided by the database, not by a process: due jobs are claimed with
/// `SELECT … FOR UPDATE SKIP LOCKED` inside one `UPDATE … RETURNING`, so concurrent instances
/// never lease the same job and never wait for each other; the jobs of a killed instance are due
/// again once its heartbeat stops (``LeaseOwnerRegistry``), or at the latest when their leases run
/// out. Envelope ids, Certifier ids and VC ids are unique constraints. Behaviour matches
/// ``SQLiteOutboxStore`` (both apply ``OutboxRules`` and read rows through ``OutboxRowColumns``).
/// Leases and heartbeats are set and compared on the database's clock (`clock_timestamp()`), so
/// instances need not have synchronised clocks for them; the callers' `now` only schedules retries.
public final class PostgresOutboxStore: OutboxStore {
    /// The database, without its password.
    public let url: String
    private let settings: PostgresURL
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>
    private let migration = NIOLockedValueBox<Task<Void, any Error>?>(nil)

    /// Connects lazily to `url`; the schema is migrated by ``prepare()`` or the first call that needs it.
    /// `maximumConnections` bounds this instance's pool (give at least the worker's concurrency plus one);
    /// `connectTimeout` bounds each connection attempt, so a vanished server is noticed in seconds
    /// (postgres-nio waits 10 s by default).
    public init(
        url: PostgresURL, maximumConnections: Int = 8, connectTimeout: Duration = .seconds(3),
        logger: Logger = Logger(label: "certbridge.outbox")
    ) {
        self.url = url.description
        settings = url
        self.logger = logger
        var configuration = url.clientConfiguration
        configuration.options.maximumConnections = max(1, maximumConnections)
        configuration.options.connectTimeout = connectTimeout
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        // The pool only hands out connections while `run()` is running; it stops when the store goes.
        runner = Task { await client.run() }
    }

    deinit { runner.cancel() }

    /// Closes every connection; later calls fail.
    public func shutdown() async {
        runner.cancel()
        await runner.value
    }

    /// Connects and brings the schema up to date (once; a failed attempt is tried again by the next call).
    public func prepare() async throws(OutboxError) {
        let task = migration.withLockedValue { current in
            if let current { return current }
            let (settings, logger) = (self.settings, self.logger)
            let started = Task { try await Self.migrate(settings, logger: logger) }
            current = started
            return started
        }
        do {
            try await task.value
        } catch {
            migration.withLockedValue { current in
                if current == task { current = nil }
            }
            throw .open(path: url, reason: PostgresFailure.reason(error))
        }
    }

    /// Records the event (its id is the primary key) and upserts the credential's job, atomically.
    /// A credential's first event is one statement (``FirstEventStatement``); any other event takes a
    /// transaction that applies ``OutboxRules`` to the job it finds.
    public func record(event: SourceEvent, now: Date) async throws(OutboxError) -> EventOutcome {
        if event.actsOnDocument, let jobId = try await firstEvent(event, now: now) { return .enqueued(jobId: jobId) }
        return try await transaction { connection, logger in
            let inserted = try await connection.rows(
                InsertEventStatement(id: event.id, type: event.type, sourceId: event.sourceId, receivedAt: now),
                logger: logger)
            guard !inserted.isEmpty else { return .duplicateEvent }
            guard event.actsOnDocument else { return .ignored(type: event.type) }
            // The first event's statement found the credential's job (jobs are never removed).
            let outcome = try await Self.upsertJob(connection, logger, sourceId: event.sourceId, signed: nil, now: now)
            if let jobId = outcome.jobId {
                try await connection.run(LinkEventStatement(jobId: jobId, eventId: event.id), logger: logger)
            }
            return outcome
        }
    }

    /// ``FirstEventStatement``: the new job's id, or nil when the event or the job existed.
    private func firstEvent(_ event: SourceEvent, now: Date) async throws(OutboxError) -> Int64? {
        try await prepare()
        let logger = self.logger
        do {
            return try await client.withConnection { connection in
                try await connection.rows(FirstEventStatement(event: event, now: now), logger: logger).first
            }
        } catch {
            // A copy of this event recorded between the statement's check and its insert: the
            // transaction reports it as a duplicate.
            if PostgresFailure.violatedUniqueConstraint(error) == Self.eventKeyConstraint { return nil }
            throw Self.failure(error)
        }
    }

    /// The events table's primary key, as PostgreSQL names it.
    static let eventKeyConstraint = "certbridge_events_pkey"

    /// Queues a signed VC in state `signed`, unless its VC id belongs to another credential's job.
    public func enqueue(converted: ConvertedDelivery, now: Date) async throws(OutboxError) -> EventOutcome {
        // Two instances may race to queue the same VC id; the loser's unique violation means the
        // winner's row now exists, and a second pass reports it like SQLite's serialised writes would.
        for _ in 1...2 {
            do {
                return try await transaction { connection, logger in
                    let holders = try await connection.query(
                        """
                        SELECT id, state FROM certbridge_jobs
                        WHERE vc_id = \(converted.vcId) AND source_id <> \(converted.sourceId)
                        """, logger: logger
                    ).collect()
                    if let holder = holders.first {
                        let (id, state) = try holder.decode((Int64, String).self)
                        return state == JobState.delivered.rawValue ? .alreadyDelivered(jobId: id) : .coalesced(jobId: id)
                    }
                    return try await Self.upsertJob(
                        connection, logger, sourceId: converted.sourceId, signed: converted, now: now)
                }
            } catch .vcIdTaken {
                continue
            }
        }
        throw .vcIdTaken(vcId: converted.vcId)
    }

    /// Creates the credential's job, or applies ``OutboxRules/existingJob(in:)`` (an event) or
    /// ``OutboxRules/existingJobForConverted(in:)`` (a converted VC) to the existing one, row-locked,
    /// so a concurrent event for the same credential waits and then sees the result. An event's job
    /// is created by ``FirstEventStatement`` before this runs, so only a converted VC inserts here.
    private static func upsertJob(
        _ connection: PostgresConnection, _ logger: Logger, sourceId: String, signed: ConvertedDelivery?, now: Date
    ) async throws -> EventOutcome {
        let state = (signed == nil ? JobState.received : .signed).rawValue
        let vcText = signed.map { $0.vc.compactString }
        if let signed, let vcText {
            let inserted = try await connection.rows(
                InsertSignedJobStatement(converted: signed, vc: vcText, now: now), logger: logger)
            if let id = inserted.first { return .enqueued(jobId: id) }
        }
        let existing = try await connection.query(
            "SELECT id, state FROM certbridge_jobs WHERE source_id = \(sourceId) FOR UPDATE", logger: logger
        ).collect()
        guard let row = existing.first else {
            throw OutboxError.database("job for credential \(sourceId) vanished while it was being updated")
        }
        let (id, stateName) = try row.decode((Int64, String).self)
        let current = JobState(rawValue: stateName) ?? .dead
        let decision = signed == nil ? OutboxRules.existingJob(in: current) : OutboxRules.existingJobForConverted(in: current)
        var binds = PostgresBindings()
        switch decision {
        case .reconcile:
            binds.append(now)
            binds.append(id)
            try await connection.run(
                PostgresQuery(
                    unsafeSQL: "UPDATE certbridge_jobs SET \(OutboxRules.reconcileAssignments(time: "$1")) WHERE id = $2",
                    binds: binds),
                logger: logger)
        case .coalesce where signed == nil:
            binds.append(id)
            try await connection.run(
                PostgresQuery(
                    unsafeSQL: "UPDATE certbridge_jobs SET recheck = 1 WHERE id = $1 AND \(OutboxRules.recheckConditionSQL)",
                    binds: binds),
                logger: logger)
        case .reopen, .coalesce, .alreadyDelivered:
            break
        }
        if decision == .reopen {
            try await connection.query(
                """
                UPDATE certbridge_jobs SET state = \(state), attempts = 0, next_attempt_at = \(now), last_error = NULL,
                    credential = NULL, vc = \(vcText), vc_id = \(signed?.vcId), profile = \(signed?.profile),
                    lease_owner = NULL, lease_until = NULL, updated_at = \(now)
                WHERE id = \(id)
                """, logger: logger)
        }
        return OutboxRules.outcome(decision, jobId: id)
    }

    /// Leases due jobs that are unleased, whose lease ran out or whose owner is dead, in one
    /// statement; rows another instance is claiming right now are skipped. Leases are compared and
    /// set on the database's clock; `now` decides only which retries are due.
    public func claimDue(owner: String, now: Date, limit: Int, lease: Duration, states: Set<JobState>)
        async throws(OutboxError) -> [DeliveryJob]
    {
        let wanted = JobState.pending.filter(states.contains)
        guard limit > 0, !wanted.isEmpty else { return [] }
        let claim = ClaimStatement(owner: owner, now: now, limit: limit, lease: lease, wanted: wanted)
        // One statement, so no transaction: the function sets `enable_sort = off` for its own run.
        let jobs = try await read { connection, logger in try await connection.rows(claim, logger: logger) }
        // RETURNING has no order; hand jobs out oldest due first, as SQLite does.
        return jobs.sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }
    }

    /// The setting `certbridge_claim` runs with: no plan that sorts the pending jobs. The partial
    /// index `certbridge_jobs_pending` gives the claim's order and stops after `limit`, but the
    /// planner chose it only while its statistics were fresh: in a burst of 8,000 webhooks
    /// (statistics from an emptier queue, jobs due after the histogram's end) it estimated one due
    /// job, and 477 claims read every pending job through the v1 index by state and sorted them,
    /// 4–5 ms each and more as the queue grows (auto_explain, docs/PERFORMANCE.md). A function's
    /// own setting ends with its call, so no other statement on the pooled connection sees it.
    static let claimPlanSetting = "enable_sort = off"

    /// The claim of ``claimDue(owner:now:limit:lease:states:)``: leases up to `$3` due, claimable
    /// jobs in states `$5`, oldest due first, for owner `$1` and `$4` seconds, as of `$2`. The body
    /// of `certbridge_claim` (its plan is tested).
    static var claimSQL: String {
        // The pending states are written as constants, so the planner can prove the partial index
        // `certbridge_jobs_pending` applies: it walks pending jobs in claim order and stops after
        // the limit, instead of reading and sorting the whole queue on every claim.
        """
        UPDATE certbridge_jobs SET lease_owner = $1, lease_until = clock_timestamp() + make_interval(secs => $4)
        WHERE id IN (
            SELECT id FROM certbridge_jobs
            WHERE state IN \(OutboxRules.pendingStatesSQL) AND state = ANY ($5) AND next_attempt_at <= $2
                AND \(claimableLease)
            ORDER BY next_attempt_at, id LIMIT $3
            FOR UPDATE SKIP LOCKED)
        RETURNING certbridge_jobs.*
        """
    }

    /// Schema v6: `certbridge_claim(owner, now, limit, lease seconds, states)`, the claim with its plan setting.
    static var claimFunction: String {
        """
        CREATE FUNCTION certbridge_claim(TEXT, TIMESTAMPTZ, BIGINT, DOUBLE PRECISION, TEXT[])
        RETURNS SETOF certbridge_jobs LANGUAGE plpgsql SET \(claimPlanSetting) AS $claim$
        BEGIN
            RETURN QUERY \(claimSQL);
        END
        $claim$
        """
    }

    /// Writes the job back only while `owner` holds the lease (an owner declared dead whose job was
    /// taken finds `lease_owner` changed and writes nothing), and applies its lifecycle effects (history,
    /// retired revisions, audit, recheck) in the same transaction; a VC id held by another job throws
    /// ``OutboxError/vcIdTaken(vcId:)``.
    public func save(_ job: DeliveryJob, owner: String, keepLease: Bool, now: Date, lease: Duration)
        async throws(OutboxError) -> Bool
    {
        let statement = SaveJobStatement(job: job, now: now, owner: owner, renewedLease: keepLease ? lease : nil)
        do {
            if FirstDeliveryStatement.fits(job) {
                // A first delivery is one statement too (the common case: one round trip, not four).
                let firstDelivery = FirstDeliveryStatement(
                    save: statement, actor: LifecycleRules.gatewayActor,
                    reason: LifecycleRules.issuedReason(revision: job.revision, replacingSignature: job.replaceSignature))
                return try await read { connection, logger in
                    try await connection.rows(firstDelivery, logger: logger).count == 1
                }
            }
            guard LifecycleRules.hasEffects(job.state) else {
                // The save is its one statement, so it needs no transaction of its own: one round trip
                // to the server instead of three (BEGIN, the UPDATE, COMMIT).
                return try await read { connection, logger in
                    try await connection.rows(statement, logger: logger).count == 1
                }
            }
            return try await transaction { connection, logger in
                guard let recheckAsked = try await connection.rows(statement, logger: logger).first else { return false }
                try await Self.applyLifecycle(connection, logger, job: job, now: now, recheckAsked: recheckAsked)
                return true
            }
        } catch .vcIdTaken {
            throw .vcIdTaken(vcId: job.vcId ?? "")
        }
    }

    /// One job by id.
    public func job(id: Int64) async throws(OutboxError) -> DeliveryJob? {
        try await rows("SELECT * FROM certbridge_jobs WHERE id = \(id)").first
    }

    /// Jobs, newest first.
    public func jobs(state: JobState?, limit: Int) async throws(OutboxError) -> [DeliveryJob] {
        if let state {
            return try await rows(
                "SELECT * FROM certbridge_jobs WHERE state = \(state.rawValue) ORDER BY id DESC LIMIT \(limit)")
        }
        return try await rows("SELECT * FROM certbridge_jobs ORDER BY id DESC LIMIT \(limit)")
    }

    /// Reopens one dead or no-match job (one statement, so no transaction is needed).
    public func retry(id: Int64, now: Date) async throws(OutboxError) -> DeliveryJob? {
        var binds = PostgresBindings()
        binds.append(now)
        binds.append(id)
        let sql = "WHERE id = $2 AND state IN \(OutboxRules.retryableStatesSQL) RETURNING *"
        return try await rows(Self.reopen(sql, binds: binds)).first
    }

    /// Reopens every dead job.
    public func retryAllDead(now: Date) async throws(OutboxError) -> Int {
        var binds = PostgresBindings()
        binds.append(now)
        return try await execute(Self.reopen("WHERE state = '\(JobState.dead.rawValue)' RETURNING id", binds: binds))
    }

    /// ``OutboxRules/reopenAssignments(time:)`` with now as `$1`.
    private static func reopen(_ condition: String, binds: PostgresBindings) -> PostgresQuery {
        PostgresQuery(
            unsafeSQL: "UPDATE certbridge_jobs SET \(OutboxRules.reopenAssignments(time: "$1")) \(condition)", binds: binds)
    }

    /// Jobs per state; every state is present, with 0 when empty.
    public func counts() async throws(OutboxError) -> [JobState: Int] {
        try await prepare()
        do {
            var counts: [JobState: Int] = [:]
            for state in JobState.allCases { counts[state] = 0 }
            let result = try await client.query(
                "SELECT state, COUNT(*) FROM certbridge_jobs GROUP BY state", logger: logger)
            for try await (name, count) in result.decode((String, Int64).self) {
                if let state = JobState(rawValue: name) { counts[state] = Int(count) }
            }
            return counts
        } catch {
            throw Self.failure(error)
        }
    }
}
