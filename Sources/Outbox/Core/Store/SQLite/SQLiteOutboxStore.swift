import Foundation
import GRDB
import JSONCanonical

/// The outbox in one SQLite file (GRDB, WAL mode).
///
/// Every write that decides ownership runs in an IMMEDIATE transaction, so two workers, even in
/// two processes over the same file, never lease the same job. Every state change is committed
/// before the worker acts on it, which makes `kill -9` at any moment safe. Writes that arrive
/// while a transaction runs share the next one, each in its own savepoint (``SQLiteGroupCommit``).
///
/// The statements of a credential's path (webhook, claim, save and its lifecycle effects) come
/// from the connection's statement cache (`cachedStatement`), parsed once per connection: parsing
/// them on every call was a sixth of `serve`'s CPU in the webhook-to-wallet load run. Statements
/// whose text carries values (times, id lists) are not cached, or the cache would grow without end.
public final class SQLiteOutboxStore: OutboxStore {
    let pool: DatabasePool
    /// Every write transaction of the store goes through it, so writes that arrive together commit together.
    let writes: SQLiteGroupCommit
    /// The database file.
    public let path: String

    /// Opens (creating and migrating if needed) the outbox at `path`.
    public init(path: String) throws(OutboxError) {
        self.path = path
        var configuration = Configuration()
        // A second process (CLI `deliveries retry`, a second worker) may hold the write lock briefly.
        configuration.busyMode = .timeout(10)
        configuration.label = "certbridge-outbox"
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB opens WAL pools with `synchronous = NORMAL`: a commit then survives a killed
            // process but not a power cut or an OS crash, which could lose webhooks already
            // answered 202. FULL syncs the WAL at every commit; group commit (``SQLiteGroupCommit``)
            // shares that sync among the writes that wait. Only the writer connection commits.
            // Group commit runs each write in a savepoint, and SQLite keeps the original of every
            // page a savepoint changes in a sub-journal. By default that journal moves to a
            // temporary file once it passes 64 KiB, which a batch of writes passes at once: the
            // temporary file's writes and the 64 KiB buffers freed and trimmed after every commit
            // were an eighth of `serve`'s CPU (docs/PERFORMANCE.md, twelfth round). With
            // `temp_store = MEMORY` the journal stays in small chunks in memory. No recovery reads
            // it: it only undoes a savepoint inside a transaction that is still open.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY")
            }
            try Self.migrator.migrate(pool)
            writes = SQLiteGroupCommit(pool: pool)
        } catch {
            throw .open(path: path, reason: String(describing: error))
        }
    }

    /// Records the event in `events` (its id is the primary key) and upserts the credential's job, in one transaction.
    public func record(event: SourceEvent, now: Date) async throws(OutboxError) -> EventOutcome {
        try await immediate { db in
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO events (id, type, source_id, received_at) VALUES (?, ?, ?, ?)")
                .execute(arguments: [event.id, event.type, event.sourceId, now.timeIntervalSince1970])
            guard db.changesCount == 1 else { return .duplicateEvent }
            guard event.actsOnDocument else { return .ignored(type: event.type) }
            let outcome = try Self.upsertJob(
                db, sourceId: event.sourceId, eventId: event.id, signed: nil, now: now)
            if let jobId = outcome.jobId {
                try db.cachedStatement(sql: "UPDATE events SET job_id = ? WHERE id = ?")
                    .execute(arguments: [jobId, event.id])
            }
            return outcome
        }
    }

    /// Queues a signed VC as a job in state `signed`, unless its VC id belongs to another credential's job.
    public func enqueue(converted: ConvertedDelivery, now: Date) async throws(OutboxError) -> EventOutcome {
        try await immediate { db in
            if let holder = try Int64.fetchOne(
                db, sql: "SELECT id FROM jobs WHERE vc_id = ? AND source_id <> ?",
                arguments: [converted.vcId, converted.sourceId])
            {
                let state = try String.fetchOne(db, sql: "SELECT state FROM jobs WHERE id = ?", arguments: [holder])
                return state == JobState.delivered.rawValue ? .alreadyDelivered(jobId: holder) : .coalesced(jobId: holder)
            }
            return try Self.upsertJob(db, sourceId: converted.sourceId, eventId: nil, signed: converted, now: now)
        }
    }

    /// Creates the credential's job, or decides what a new event means for the existing one.
    private static func upsertJob(
        _ db: Database, sourceId: String, eventId: String?, signed: ConvertedDelivery?, now: Date
    ) throws -> EventOutcome {
        let time = now.timeIntervalSince1970
        let state: JobState = signed == nil ? .received : .signed
        let vcText = signed.map { $0.vc.compactString }
        if let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT id, state FROM jobs WHERE source_id = ?"), arguments: [sourceId])
        {
            let id: Int64 = row["id"]
            let existing = JobState(rawValue: row["state"]) ?? .dead
            let decision = signed == nil ? OutboxRules.existingJob(in: existing) : OutboxRules.existingJobForConverted(in: existing)
            switch decision {
            case .reconcile:
                try db.cachedStatement(sql: "UPDATE jobs SET \(OutboxRules.reconcileAssignments(time: "?")) WHERE id = ?")
                    .execute(arguments: [time, time, id])
            case .coalesce where signed == nil:
                try db.cachedStatement(
                    sql: "UPDATE jobs SET recheck = 1 WHERE id = ? AND \(OutboxRules.recheckConditionSQL)"
                ).execute(arguments: [id])
            case .reopen, .coalesce, .alreadyDelivered:
                break
            }
            if decision == .reopen {
                try db.cachedStatement(sql: """
                        UPDATE jobs SET state = ?, attempts = 0, next_attempt_at = ?, last_error = NULL,
                            credential = NULL, vc = ?, vc_id = ?, profile = ?, lease_owner = NULL, lease_until = NULL,
                            updated_at = ? WHERE id = ?
                        """).execute(arguments: [state.rawValue, time, vcText, signed?.vcId, signed?.profile, time, id])
            }
            return OutboxRules.outcome(decision, jobId: id)
        }
        try db.cachedStatement(sql: """
                INSERT INTO jobs (source_id, event_id, state, attempts, next_attempt_at, vc, vc_id, profile,
                    created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [sourceId, eventId, state.rawValue, time, vcText, signed?.vcId, signed?.profile, time, time])
        return .enqueued(jobId: db.lastInsertedRowID)
    }

    /// Selects due jobs that are unleased, whose lease ran out or whose owner is dead
    /// (``claimableLease``), and leases them in one IMMEDIATE transaction.
    public func claimDue(owner: String, now: Date, limit: Int, lease: Duration, states: Set<JobState>)
        async throws(OutboxError) -> [DeliveryJob]
    {
        let wanted = JobState.pending.filter(states.contains)
        guard limit > 0, !wanted.isEmpty else { return [] }
        let select = Self.claimSQL(wanted)
        return try await immediate { db in
            let time = now.timeIntervalSince1970
            let statement = try db.cachedStatement(sql: select)
            let rows = try Row.fetchAll(statement, arguments: ["now": time, "limit": limit])
            // The rows share the statement's columns: one table of positions for the whole claim.
            let positions = SQLiteColumns.positions(of: statement.columnNames)
            let until = time + lease.seconds
            var jobs: [DeliveryJob] = []
            for row in rows {
                let job = try Self.job(from: row, positions: positions)
                try db.cachedStatement(sql: "UPDATE jobs SET lease_owner = ?, lease_until = ? WHERE id = ?")
                    .execute(arguments: [owner, until, job.id])
                jobs.append(job)
            }
            return jobs
        }
    }

    /// The due jobs a claim leases, oldest due first (its plan is tested). The first term is the
    /// `jobs_pending` index's condition (``pendingCondition``), repeated term for term so SQLite may
    /// use it: the index hands rows out in claim order, so a claim reads about `limit` rows however
    /// long the queue is.
    static func claimSQL(_ wanted: [JobState]) -> String {
        """
        SELECT * FROM jobs INDEXED BY jobs_pending
        WHERE \(pendingCondition) AND state IN \(OutboxRules.statesSQL(wanted))
            AND next_attempt_at <= :now AND \(Self.claimableLease)
        ORDER BY next_attempt_at, id LIMIT :limit
        """
    }

    /// Writes the job back only while `owner` holds the lease; a VC id held by another job throws ``OutboxError/vcIdTaken(vcId:)``.
    public func save(_ job: DeliveryJob, owner: String, keepLease: Bool, now: Date, lease: Duration)
        async throws(OutboxError) -> Bool
    {
        try await save(job, owner: owner, keepLease: keepLease, now: now, lease: lease, payloadStored: false)
    }

    /// With `payloadStored` the credential and VC columns keep what they hold: the delivered save
    /// does not write out again the two documents the signed save wrote (52k instructions).
    public func save(_ job: DeliveryJob, owner: String, keepLease: Bool, now: Date, lease: Duration, payloadStored: Bool)
        async throws(OutboxError) -> Bool
    {
        let time = now.timeIntervalSince1970
        // The JSON texts are written here, not on the writer's thread, which every write waits for.
        let payload = payloadStored ? nil : (credential: job.credential?.compactString, vc: job.vc?.compactString)
        let slotsText = job.statusSlots.isEmpty ? nil : LifecycleRules.slotsText(job.statusSlots)
        var arguments: StatementArguments = [job.state.rawValue, job.attempts, job.nextAttemptAt.timeIntervalSince1970, job.lastError]
        if let payload { arguments += [payload.credential, payload.vc] }
        arguments += [
            job.vcId, job.profile, job.receipt, job.deliveredAt?.timeIntervalSince1970, time,
            keepLease ? owner : nil, keepLease ? time + lease.seconds : nil, job.revision, job.claimsDigest,
            job.sourceDigest, slotsText, job.id, owner,
        ]
        let sql = payloadStored ? Self.saveKeepingPayloadSQL : Self.saveSQL
        do {
            return try await immediate { [arguments] db in
                try db.cachedStatement(sql: sql).execute(arguments: arguments)
                guard db.changesCount == 1 else { return false }
                try Self.applyLifecycle(db, job: job, now: now)
                return true
            }
        } catch .database(let reason) where reason.contains("UNIQUE constraint failed: jobs.vc_id") {
            throw .vcIdTaken(vcId: job.vcId ?? "")
        }
    }

    /// The columns a save writes, in the order of its arguments.
    static let savedColumns = [
        "state", "attempts", "next_attempt_at", "last_error", "credential", "vc", "vc_id", "profile", "wallet_record_id",
        "delivered_at", "updated_at", "lease_owner", "lease_until", "revision", "claims_digest", "source_digest",
        "status_slots",
    ]

    /// The save: every column a worker changes, while `owner` holds the lease.
    static let saveSQL = saveStatement(savedColumns)

    /// ``saveSQL`` without `credential` and `vc`, for a job whose documents the store holds already.
    static let saveKeepingPayloadSQL = saveStatement(savedColumns.filter { $0 != "credential" && $0 != "vc" })

    private static func saveStatement(_ columns: [String]) -> String {
        "UPDATE jobs SET \(columns.map { "\($0) = ?" }.joined(separator: ", ")) WHERE id = ? AND lease_owner = ?"
    }

    /// One job by id.
    public func job(id: Int64) async throws(OutboxError) -> DeliveryJob? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [id]).map(Self.job(from:))
        }
    }

    /// Jobs, newest first.
    public func jobs(state: JobState?, limit: Int) async throws(OutboxError) -> [DeliveryJob] {
        try await read { db in
            let rows =
                if let state {
                    try Row.fetchAll(
                        db, sql: "SELECT * FROM jobs WHERE state = ? ORDER BY id DESC LIMIT ?",
                        arguments: [state.rawValue, limit])
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM jobs ORDER BY id DESC LIMIT ?", arguments: [limit])
                }
            return try rows.map(Self.job(from:))
        }
    }

    /// Reopens one dead or no-match job.
    public func retry(id: Int64, now: Date) async throws(OutboxError) -> DeliveryJob? {
        try await immediate { db in
            guard try Self.reopen(db, where: "id = ? AND state IN \(OutboxRules.retryableStatesSQL)", arguments: [id], now: now) == 1
            else { return nil }
            return try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [id]).map(Self.job(from:))
        }
    }

    /// Reopens every dead job.
    public func retryAllDead(now: Date) async throws(OutboxError) -> Int {
        try await immediate { db in
            try Self.reopen(db, where: "state = 'dead'", arguments: [], now: now)
        }
    }

    /// Applies ``OutboxRules/reopenAssignments(time:)`` to the matching jobs.
    private static func reopen(_ db: Database, where condition: String, arguments: StatementArguments, now: Date)
        throws -> Int
    {
        try db.execute(
            sql: "UPDATE jobs SET \(OutboxRules.reopenAssignments(time: "\(now.timeIntervalSince1970)")) WHERE \(condition)",
            arguments: arguments)
        return db.changesCount
    }

    /// Jobs per state; every state is present, with 0 when empty.
    public func counts() async throws(OutboxError) -> [JobState: Int] {
        try await read { db in
            var counts: [JobState: Int] = [:]
            for state in JobState.allCases { counts[state] = 0 }
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM jobs GROUP BY state") {
                if let state = JobState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }

    /// Whether the database answers (readiness).
    public func ping() async throws(OutboxError) {
        _ = try await read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    /// Runs `body` in an IMMEDIATE transaction, grouped with other writes that wait (``SQLiteGroupCommit``).
    func immediate<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(OutboxError) -> T {
        do {
            return try await writes.perform(body)
        } catch let error as OutboxError {
            throw error
        } catch {
            throw .database(String(describing: error))
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(OutboxError) -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw .database(String(describing: error))
        }
    }
}
