import Foundation
import Outbox
import PostgresNIO

// The statements every credential runs (webhook, signed save, delivered save), as named
// prepared statements: postgres-nio prepares each once per pooled connection and then only binds
// and executes it. Sent unnamed, as `connection.query` does, PostgreSQL parsed, analysed and
// planned them again on every call, a quarter of the server's CPU in a burst (docs/PERFORMANCE.md,
// ninth and eleventh rounds). The common path is one statement per step, outside a transaction:
// a credential's first event, the signed save, the VC's first delivery. Rarer statements stay unnamed.
//
// Rules for a statement here:
// - Parameter types are given (`bindingDataTypes`), never inferred from the first call's values:
//   a NULL in the first call would leave the type to the server, and postgres-nio binds values
//   in binary, which must match the type the statement was prepared with.
// - Result columns are named, never `*`: a prepared statement whose result type changes (a later
//   version's migration adding a column while this one runs) fails until its connection closes.
// - Names are short and fixed (PostgreSQL truncates names to 63 bytes; the default name, the
//   type's full Swift name, can exceed that and two truncated names could collide).

/// A webhook's event row; returns its id when it was new.
struct InsertEventStatement: PostgresPreparedStatement {
    static let name = "certbridge_insert_event"
    static let sql = """
        INSERT INTO certbridge_events (id, type, source_id, received_at) VALUES ($1, $2, $3, $4)
        ON CONFLICT (id) DO NOTHING RETURNING id
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .text, .text, .timestamptz]
    typealias Row = String

    var id: String
    var type: String
    var sourceId: String
    var receivedAt: Date

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 4)
        bindings.append(id)
        bindings.append(type)
        bindings.append(sourceId)
        bindings.append(receivedAt)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> String { try row.decode(String.self) }
}

/// A converted VC's new job (`convert --deliver`), in state `signed`; returns its id, or nothing
/// when the credential has a job already.
struct InsertSignedJobStatement: PostgresPreparedStatement {
    static let name = "certbridge_insert_signed_job"
    static let sql = """
        INSERT INTO certbridge_jobs (source_id, state, attempts, next_attempt_at, vc, vc_id, profile, created_at,
            updated_at)
        VALUES ($1, $2, 0, $3, $4, $5, $6, $3, $3)
        ON CONFLICT (source_id) DO NOTHING RETURNING id
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .text, .timestamptz, .text, .text, .text]
    typealias Row = Int64

    var converted: ConvertedDelivery
    var vc: String
    var now: Date

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 6)
        bindings.append(converted.sourceId)
        bindings.append(JobState.signed.rawValue)
        bindings.append(now)
        bindings.append(vc)
        bindings.append(converted.vcId)
        bindings.append(converted.profile)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Int64 { try row.decode(Int64.self) }
}

/// A credential's first event, in one statement outside a transaction: its job and the event row
/// linked to it, both or neither. Returns the new job's id; nothing when the event was seen before
/// or the credential has a job already (``PostgresOutboxStore/record(event:now:)`` then takes the
/// transaction that applies the rules). Two copies of one new event racing here: one creates the
/// job, the other finds it (or the event's primary key taken) and goes the transaction's way.
struct FirstEventStatement: PostgresPreparedStatement {
    static let name = "certbridge_first_event"
    static let sql = """
        WITH job AS (
            INSERT INTO certbridge_jobs (source_id, event_id, state, attempts, next_attempt_at, created_at, updated_at)
            SELECT $3, $1, $5, 0, $4, $4, $4
            WHERE NOT EXISTS (SELECT 1 FROM certbridge_events WHERE id = $1)
            ON CONFLICT (source_id) DO NOTHING RETURNING id
        ), event AS (
            INSERT INTO certbridge_events (id, type, source_id, received_at, job_id)
            SELECT $1, $2, $3, $4, id FROM job
        )
        SELECT id FROM job
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .text, .text, .timestamptz, .text]
    typealias Row = Int64

    var event: SourceEvent
    var now: Date

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 5)
        bindings.append(event.id)
        bindings.append(event.type)
        bindings.append(event.sourceId)
        bindings.append(now)
        bindings.append(JobState.received.rawValue)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Int64 { try row.decode(Int64.self) }
}

/// Links an event to the job it created or updated.
struct LinkEventStatement: PostgresPreparedStatement {
    static let name = "certbridge_link_event"
    static let sql = "UPDATE certbridge_events SET job_id = $1 WHERE id = $2"
    static let bindingDataTypes: [PostgresDataType] = [.int8, .text]
    typealias Row = ()

    var jobId: Int64
    var eventId: String

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(jobId)
        bindings.append(eventId)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws {}
}

/// Writes a job back while `owner` holds its lease (``PostgresOutboxStore/save(_:owner:keepLease:now:lease:)``);
/// returns whether an event asked for a recheck, when it wrote. The renewed lease runs on the
/// database's clock, like the claim's.
struct SaveJobStatement: PostgresPreparedStatement {
    static let name = "certbridge_save_job"
    static let sql = """
        UPDATE certbridge_jobs SET \(assignments.map { "\($0.column) = \($0.value)" }.joined(separator: ", "))
        WHERE id = $18 AND lease_owner = $19
        RETURNING recheck
        """

    /// The job's columns and the parameters they are set from ($1 … $17).
    static let assignments: [(column: String, value: String)] = [
        ("state", "$1"), ("attempts", "$2"), ("next_attempt_at", "$3"), ("last_error", "$4"), ("credential", "$5"),
        ("vc", "$6"), ("vc_id", "$7"), ("profile", "$8"), ("wallet_record_id", "$9"), ("delivered_at", "$10"),
        ("updated_at", "$11"), ("lease_owner", "$12"), ("lease_until", "clock_timestamp() + make_interval(secs => $13)"),
        ("revision", "$14"), ("claims_digest", "$15"), ("source_digest", "$16"), ("status_slots", "$17"),
    ]
    static let bindingDataTypes: [PostgresDataType] = [
        .text, .int8, .timestamptz, .text, .text, .text, .text, .text, .text, .timestamptz,
        .timestamptz, .text, .float8, .int8, .text, .text, .text, .int8, .text,
    ]
    /// `recheck = 1`: an event came in while the job worked from an older read.
    typealias Row = Bool

    var job: DeliveryJob
    var now: Date
    /// The instance saving; the row is written only while it holds the lease.
    var owner: String
    /// The lease `owner` keeps from now on; nil releases it.
    var renewedLease: Duration?

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 19)
        bindings.append(job.state.rawValue)
        bindings.append(Int64(job.attempts))
        bindings.append(job.nextAttemptAt)
        bindings.append(job.lastError)
        bindings.append(job.credential?.compactString)
        bindings.append(job.vc?.compactString)
        bindings.append(job.vcId)
        bindings.append(job.profile)
        bindings.append(job.receipt)
        bindings.append(job.deliveredAt)
        bindings.append(now)
        bindings.append(renewedLease == nil ? nil : owner)
        bindings.append(renewedLease?.seconds)
        bindings.append(Int64(job.revision))
        bindings.append(job.claimsDigest)
        bindings.append(job.sourceDigest)
        bindings.append(job.statusSlots.isEmpty ? nil : LifecycleRules.slotsText(job.statusSlots))
        bindings.append(job.id)
        bindings.append(owner)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Bool { try row.decode(Int64.self) == 1 }
}

/// A delivered VC's first issue, in one statement: its history row (active), the audit line
/// "issued" and the job's record of the VC it issued first. Returns the VC id when the VC was new to
/// the history; a VC delivered again under its id changes nothing (the record keeps its first issue).
struct IssueStatement: PostgresPreparedStatement {
    static let name = "certbridge_issue"
    static let sql = """
        WITH \(FirstIssueSQL.historyAndAudit(
            row: ["$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "$10", "$11"], from: nil, actor: "$12", reason: "$13")),
        recorded AS (
            UPDATE certbridge_jobs SET \(FirstIssueSQL.record(["$1", "$3", "$5", "$14"]).joined(separator: ", "))
            WHERE id = $15 AND EXISTS (SELECT 1 FROM issued)
        )
        SELECT vc_id FROM issued
        """
    static let bindingDataTypes: [PostgresDataType] = [
        .text, .text, .int8, .text, .text, .timestamptz, .text, .text, .int8, .text, .int8, .text, .text, .text,
        .int8,
    ]
    typealias Row = String

    var job: DeliveryJob
    var vcId: String
    var issuedAt: Date
    var actor: String
    var reason: String

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 15)
        bindings.append(vcId)
        bindings.append(job.sourceId)
        bindings.append(Int64(job.revision))
        bindings.append(job.profile)
        bindings.append(job.claimsDigest)
        bindings.append(issuedAt)
        bindings.append(IssuedState.active.rawValue)
        bindings.appendStatusEntries(of: job)
        bindings.append(actor)
        bindings.append(reason)
        bindings.append(job.sourceDigest)
        bindings.append(job.id)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> String { try row.decode(String.self) }
}

/// A delivered save that is one statement, outside a transaction, for a job whose lifecycle effects
/// fit into it: a VC's first delivery (revision 0, so it supersedes nothing; no forced re-issue to
/// clear). It writes the job as ``SaveJobStatement`` does and what ``IssueStatement`` writes, and
/// folds in the recheck: where the row has `recheck = 1` (an event came in while the job worked),
/// each column the reconcile sets (``OutboxRules/reconcileValues(time:)``) takes the reconcile's
/// value, as the recheck's own UPDATE right after the save would have set it. Returns the job's id
/// when `owner` held the lease; nothing is written otherwise.
struct FirstDeliveryStatement: PostgresPreparedStatement {
    static let name = "certbridge_first_delivery"
    static let sql: String = {
        let reconcile = OutboxRules.reconcileValues(time: "$11")
        let saved = Set(SaveJobStatement.assignments.map(\.column))
        var assignments = SaveJobStatement.assignments.map { column, value in
            guard let reset = reconcile.first(where: { $0.column == column })?.value else { return "\(column) = \(value)" }
            return "\(column) = CASE WHEN recheck = 1 THEN \(reset) ELSE \(value) END"
        }
        assignments += reconcile.filter { !saved.contains($0.column) }.map { column, reset in
            "\(column) = CASE WHEN recheck = 1 THEN \(reset) ELSE \(column) END"
        }
        // The job's record of its first issue, only when the VC is new to the history (the
        // history's insert below sees the same snapshot, so both agree).
        assignments += FirstIssueSQL.record(
            ["$7", "$14", "$15", "$16"], when: "NOT EXISTS (SELECT 1 FROM certbridge_issued WHERE vc_id = $7)")
        let history = FirstIssueSQL.historyAndAudit(
            row: ["$7", "$20", "$14", "$8", "$15", "$11", "$21", "$22", "$23", "$24", "$25"], from: "saved",
            actor: "$26", reason: "$27")
        return """
            WITH saved AS (
                UPDATE certbridge_jobs SET \(assignments.joined(separator: ", "))
                WHERE id = $18 AND lease_owner = $19
                RETURNING id
            ), \(history)
            SELECT id FROM saved
            """
    }()
    static let bindingDataTypes: [PostgresDataType] =
        SaveJobStatement.bindingDataTypes + [.text, .text, .text, .int8, .text, .int8, .text, .text]
    typealias Row = Int64

    var save: SaveJobStatement
    var actor: String
    var reason: String

    /// Whether saving `job` fits into this statement.
    static func fits(_ job: DeliveryJob) -> Bool {
        job.state == .delivered && job.vcId != nil && job.revision == 0 && !job.forceReissue
    }

    func makeBindings() -> PostgresBindings {
        var bindings = save.makeBindings()
        bindings.append(save.job.sourceId)
        bindings.append(IssuedState.active.rawValue)
        bindings.appendStatusEntries(of: save.job)
        bindings.append(actor)
        bindings.append(reason)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Int64 { try row.decode(Int64.self) }
}

/// The SQL a VC's first issue writes, shared by ``IssueStatement`` and ``FirstDeliveryStatement``.
enum FirstIssueSQL {
    /// The CTEs `issued` (the history row, active, unless the VC id is in the history already;
    /// returns `vc_id`) and `audited` (the "issued" audit line for that row). `row` holds the SQL of
    /// the history's columns in the order vc_id, source_id, revision, profile, claims_digest,
    /// issued_at, state, revocation_list, revocation_index, suspension_list, suspension_index;
    /// `from` names a CTE the row is inserted only once per row of (nil: inserted once).
    static func historyAndAudit(row: [String], from source: String?, actor: String, reason: String) -> String {
        let (issuedAt, state) = (row[5], row[6])
        return """
            issued AS (
                INSERT INTO certbridge_issued (vc_id, source_id, revision, profile, claims_digest, issued_at, state,
                    revocation_list, revocation_index, suspension_list, suspension_index)
                SELECT \(row.joined(separator: ", "))\(source.map { " FROM \($0)" } ?? "")
                ON CONFLICT (vc_id) DO NOTHING
                RETURNING vc_id
            ), audited AS (
                INSERT INTO certbridge_audit (at, actor, action, subject, reason, before_state, after_state)
                SELECT \(issuedAt), \(actor), 'issued', vc_id, \(reason), '-', \(state) FROM issued
            )
            """
    }

    /// The job's record of the VC it issued first, as SET assignments from `values` (vc_id,
    /// revision, claims digest, source digest); with `condition`, a column keeps its value where the
    /// condition does not hold.
    static func record(_ values: [String], when condition: String? = nil) -> [String] {
        zip(["issued_vc_id", "issued_revision", "issued_claims_digest", "issued_source_digest"], values).map {
            column, value in
            guard let condition else { return "\(column) = \(value)" }
            return "\(column) = CASE WHEN \(condition) THEN \(value) ELSE \(column) END"
        }
    }
}

/// A claim: due, claimable jobs leased to the owner (``PostgresOutboxStore/claimSQL``, run by
/// `certbridge_claim` with its plan setting).
struct ClaimStatement: PostgresPreparedStatement {
    static let name = "certbridge_claim"
    static let sql = "SELECT \(PostgresOutboxStore.jobColumns) FROM certbridge_claim($1, $2, $3, $4, $5)"
    static let bindingDataTypes: [PostgresDataType] = [.text, .timestamptz, .int8, .float8, .textArray]
    typealias Row = DeliveryJob

    var owner: String
    var now: Date
    var limit: Int
    var lease: Duration
    var wanted: [JobState]

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 5)
        bindings.append(owner)
        bindings.append(now)
        bindings.append(Int64(limit))
        bindings.append(lease.seconds)
        bindings.append(wanted.map(\.rawValue))
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> DeliveryJob {
        try DeliveryJob(row: PostgresColumns(row: row.makeRandomAccess()))
    }
}

/// One line of the audit trail.
struct InsertAuditStatement: PostgresPreparedStatement {
    static let name = "certbridge_insert_audit"
    static let sql = """
        INSERT INTO certbridge_audit (at, actor, action, subject, reason, before_state, after_state)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        """
    static let bindingDataTypes: [PostgresDataType] = [.timestamptz, .text, .text, .text, .text, .text, .text]
    typealias Row = ()

    var at: Date
    var actor: String
    var action: String
    var subject: String
    var reason: String
    var before: String
    var after: String

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 7)
        bindings.append(at)
        bindings.append(actor)
        bindings.append(action)
        bindings.append(subject)
        bindings.append(reason)
        bindings.append(before)
        bindings.append(after)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws {}
}

/// The current older revisions of a credential's VCs, newest first, locked for the transaction (the
/// ones a newly delivered revision supersedes).
struct OlderIssuedStatement: PostgresPreparedStatement {
    static let name = "certbridge_older_issued"
    static let sql = """
        SELECT \(PostgresOutboxStore.issuedColumns) FROM certbridge_issued
        WHERE source_id = $1 AND vc_id <> $2 AND revision < $3 AND state IN \(LifecycleRules.currentStatesSQL)
        ORDER BY revision DESC FOR UPDATE
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .text, .int8]
    typealias Row = IssuedCredential

    var sourceId: String
    var vcId: String
    var revision: Int

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(sourceId)
        bindings.append(vcId)
        bindings.append(Int64(revision))
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> IssuedCredential {
        try PostgresOutboxStore.issued(from: row.makeRandomAccess())
    }
}

/// Sends a job that got an event while it worked from an older read round once more.
struct RecheckStatement: PostgresPreparedStatement {
    static let name = "certbridge_recheck"
    static let sql = "UPDATE certbridge_jobs SET \(OutboxRules.reconcileAssignments(time: "$1")) WHERE id = $2 AND recheck = 1"
    static let bindingDataTypes: [PostgresDataType] = [.timestamptz, .int8]
    typealias Row = ()

    var now: Date
    var jobId: Int64

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(now)
        bindings.append(jobId)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws {}
}

extension PostgresBindings {
    /// A history row's status entries: revocation list and index, suspension list and index (NULL
    /// where the job has no such entry).
    mutating func appendStatusEntries(of job: DeliveryJob) {
        let revocation = job.statusSlots.first { $0.purpose == "revocation" }
        let suspension = job.statusSlots.first { $0.purpose == "suspension" }
        append(revocation?.list)
        append(revocation.map { Int64($0.index) })
        append(suspension?.list)
        append(suspension.map { Int64($0.index) })
    }
}

extension PostgresConnection {
    /// Runs a prepared statement and returns its rows, so its failure is thrown here.
    func rows<Statement: PostgresPreparedStatement>(_ statement: Statement, logger: Logger) async throws
        -> [Statement.Row]
    {
        var rows: [Statement.Row] = []
        for try await row in try await execute(statement, logger: logger) { rows.append(row) }
        return rows
    }

    /// Runs a prepared statement that returns no rows. (postgres-nio's own `execute` for such
    /// statements reads the command tag before the rows have ended, which traps in 1.33.)
    func run<Statement: PostgresPreparedStatement>(_ statement: Statement, logger: Logger) async throws
    where Statement.Row == () {
        for try await _ in try await execute(statement, logger: logger) {}
    }
}
