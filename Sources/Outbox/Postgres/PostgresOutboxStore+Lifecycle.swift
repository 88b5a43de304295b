import Outbox
import Foundation
import Logging
import PostgresNIO

/// The credential lifecycle (docs/LIFECYCLE.md) in PostgreSQL, with the same decisions as
/// ``SQLiteOutboxStore`` (both apply ``LifecycleRules`` and ``StatusAllocation``).
///
/// SQLite serialises every write with its file lock; here several instances write at once, so
/// rows that are read and then written are locked (`FOR UPDATE`), status lists are always
/// updated in slug order (two transactions never wait on each other's lists in a cycle), and the
/// two steps that must happen once (creating a list, publishing) take advisory locks.
extension PostgresOutboxStore {
    /// Any fixed number other than the migration lock's: the instance that holds it publishes,
    /// the others skip that round.
    static let publicationLock: Int64 = 0x6365_7274_7374_6174

    /// The first key of the two-key advisory lock that serialises reservations per list name and
    /// purpose (the second key is their hash). Two-key locks never collide with the one-key
    /// migration and publication locks: PostgreSQL keeps the two key spaces apart.
    static let allocationLockClass: Int32 = 0x6362_736C

    /// Reserves indexes from the family's open list, locked `FOR UPDATE`, creating the next list
    /// when it fills up.
    ///
    /// Reservations for one list name and purpose are serialised by an advisory lock taken first:
    /// list sequences are numbered per name and purpose across families, so two instances finding
    /// no open list must not both create "the next" one; and taking it before any row lock means a
    /// rollover never waits for the lock while holding a list another reservation waits for.
    public func reserveStatusIndexes(_ family: StatusListFamily, count: Int, listEntries: Int, now: Date)
        async throws(OutboxError) -> [StatusSlot]
    {
        guard count > 0 else { return [] }
        return try await transaction { connection, logger in
            try await connection.run(
                """
                SELECT pg_advisory_xact_lock(\(Self.allocationLockClass), hashtext(\(family.name + "/" + family.purpose)))
                """, logger: logger)
            var slots: [StatusSlot] = []
            var generator = SystemRandomNumberGenerator()
            while slots.count < count {
                let open = try await connection.query(
                    """
                    SELECT slug, entries, allocated, allocation FROM certbridge_status_lists
                    WHERE name = \(family.name) AND purpose = \(family.purpose) AND issuer = \(family.issuer)
                        AND suite = \(family.suite) AND proof_form = \(family.proofForm) AND version = \(family.version)
                        AND is_open = 1
                    ORDER BY sequence DESC LIMIT 1
                    FOR UPDATE
                    """, logger: logger
                ).collect()
                let slug: String
                let entries: Int
                var allocated: Int
                var bitmap: [UInt8]
                if let row = open.first {
                    let (name, size, used, allocation) = try row.decode((String, Int64, Int64, Data).self)
                    (slug, entries, allocated, bitmap) = (name, Int(size), Int(used), [UInt8](allocation))
                } else {
                    // SQLite would loop here for ever creating empty lists; refuse instead.
                    guard listEntries > 0 else {
                        throw OutboxError.database("cannot open a status list of \(listEntries) entries for \(family)")
                    }
                    let last = try await connection.query(
                        """
                        SELECT COALESCE(MAX(sequence), 0) FROM certbridge_status_lists
                        WHERE name = \(family.name) AND purpose = \(family.purpose)
                        """, logger: logger
                    ).collect()
                    let sequence = Int(try last.first?.decode(Int64.self) ?? 0) + 1
                    slug = StatusAllocation.slug(name: family.name, purpose: family.purpose, sequence: sequence)
                    entries = listEntries
                    allocated = 0
                    bitmap = [UInt8](repeating: 0, count: (listEntries + 7) / 8)
                    try await connection.run(
                        """
                        INSERT INTO certbridge_status_lists (slug, name, purpose, issuer, suite, proof_form, version,
                            sequence, entries, allocation, created_at)
                        VALUES (\(slug), \(family.name), \(family.purpose), \(family.issuer), \(family.suite),
                            \(family.proofForm), \(family.version), \(Int64(sequence)), \(Int64(entries)), \(Data(bitmap)),
                            \(now))
                        """, logger: logger)
                }
                let taken = StatusAllocation.take(
                    count - slots.count, from: &bitmap, entries: entries, allocated: &allocated, using: &generator)
                try await connection.run(
                    """
                    UPDATE certbridge_status_lists SET allocation = \(Data(bitmap)), allocated = \(Int64(allocated)),
                        is_open = \(Int64(allocated < entries ? 1 : 0))
                    WHERE slug = \(slug)
                    """, logger: logger)
                slots += taken.map { StatusSlot(list: slug, index: $0, purpose: family.purpose) }
            }
            return slots
        }
    }

    /// The history and status effects of saving a job, in the save's transaction: a delivered VC
    /// enters the history and retires older revisions; a deleted credential's VCs are retired.
    /// `recheckAsked`: the save found `recheck = 1` (read in the save's own statement, so the
    /// recheck's UPDATE is sent only when it has something to do).
    static func applyLifecycle(
        _ connection: PostgresConnection, _ logger: Logger, job: DeliveryJob, now: Date, recheckAsked: Bool
    ) async throws {
        var touched = TouchedLists()
        switch job.state {
        case .delivered:
            // A forced re-issue is done once the job is delivered again, re-issued or not.
            if job.forceReissue {
                try await connection.query("UPDATE certbridge_jobs SET force_reissue = 0 WHERE id = \(job.id)", logger: logger)
            }
            if let vcId = job.vcId {
                let issued = try await connection.rows(
                    IssueStatement(
                        job: job, vcId: vcId, issuedAt: now, actor: LifecycleRules.gatewayActor,
                        reason: LifecycleRules.issuedReason(revision: job.revision, replacingSignature: job.replaceSignature)),
                    logger: logger)
                // Revision 0 supersedes nothing: revisions count from 0.
                if !issued.isEmpty, job.revision > 0 {
                    let older = try await connection.rows(
                        OlderIssuedStatement(sourceId: job.sourceId, vcId: vcId, revision: job.revision), logger: logger)
                    for previous in older {
                        try await retire(
                            connection, logger, previous, action: "superseded",
                            reason: LifecycleRules.supersededReason(
                                by: vcId, revision: job.revision, replacingSignature: job.replaceSignature),
                            at: now,
                            touched: &touched)
                    }
                }
            }
            if recheckAsked { try await recheck(connection, logger, jobId: job.id, now: now) }
        case .noMatch:
            if recheckAsked { try await recheck(connection, logger, jobId: job.id, now: now) }
        case .deleted:
            var binds = PostgresBindings()
            binds.append(job.sourceId)
            let current = try await issuedRows(
                connection, logger, where: "source_id = $1 AND state IN \(LifecycleRules.currentStatesSQL)", binds,
                locking: true)
            for issued in current {
                try await retire(
                    connection, logger, issued, action: "deleted", reason: LifecycleRules.deletedReason, at: now,
                    touched: &touched)
            }
        case .received, .fetched, .signed, .dead:
            break
        }
        try await touched.bump(connection, logger)
    }

    /// A job that got an event while it was working from an older read goes round once more.
    private static func recheck(_ connection: PostgresConnection, _ logger: Logger, jobId: Int64, now: Date)
        async throws
    {
        try await connection.run(RecheckStatement(now: now, jobId: jobId), logger: logger)
    }

    /// Marks a VC replaced or deleted (``LifecycleRules/retired(_:)``), notes the lists it moves and audits it.
    private static func retire(
        _ connection: PostgresConnection, _ logger: Logger, _ issued: IssuedCredential, action: String, reason: String,
        at now: Date, touched: inout TouchedLists
    ) async throws {
        let after = LifecycleRules.retired(issued)
        try await connection.run(
            """
            UPDATE certbridge_issued SET state = \(after.rawValue), changed_at = \(now), reason = \(reason)
            WHERE vc_id = \(issued.vcId)
            """, logger: logger)
        touched.add(LifecycleRules.touchedLists(issued, before: issued.state, after: after))
        try await audit(
            connection, logger, at: now, actor: LifecycleRules.gatewayActor, action: action, subject: issued.vcId,
            reason: reason, before: issued.state.rawValue, after: after.rawValue)
    }

    static func audit(
        _ connection: PostgresConnection, _ logger: Logger, at now: Date, actor: String, action: String,
        subject: String, reason: String, before: String, after: String
    ) async throws {
        try await connection.run(
            InsertAuditStatement(
                at: now, actor: actor, action: action, subject: subject, reason: reason, before: before, after: after),
            logger: logger)
    }

    /// History rows matching `condition` (with `$n` placeholders for `binds`), newest revision
    /// first; `locking` locks them for the rest of the transaction, so a concurrent change to the
    /// same VC waits and then reads what this one wrote.
    static func issuedRows(
        _ connection: PostgresConnection, _ logger: Logger, where condition: String, _ binds: PostgresBindings,
        locking: Bool = false
    ) async throws -> [IssuedCredential] {
        let sql = "SELECT * FROM certbridge_issued WHERE \(condition) ORDER BY revision DESC\(locking ? " FOR UPDATE" : "")"
        var rows: [IssuedCredential] = []
        for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger) {
            rows.append(try issued(from: row.makeRandomAccess()))
        }
        return rows
    }

    /// The columns ``issued(from:)`` reads, for statements that name them (prepared ones must not
    /// select `*`: see PostgresOutboxStore+Statements.swift).
    static let issuedColumns = """
        vc_id, source_id, revision, profile, claims_digest, issued_at, state, revocation_list, revocation_index,
        suspension_list, suspension_index, changed_at, reason
        """

    static func issued(from row: PostgresRandomAccessRow) throws -> IssuedCredential {
        var slots: [StatusSlot] = []
        if let list = try row["revocation_list"].decode(String?.self),
            let index = try row["revocation_index"].decode(Int64?.self)
        {
            slots.append(StatusSlot(list: list, index: Int(index), purpose: "revocation"))
        }
        if let list = try row["suspension_list"].decode(String?.self),
            let index = try row["suspension_index"].decode(Int64?.self)
        {
            slots.append(StatusSlot(list: list, index: Int(index), purpose: "suspension"))
        }
        let stateName = try row["state"].decode(String.self)
        return IssuedCredential(
            vcId: try row["vc_id"].decode(String.self), sourceId: try row["source_id"].decode(String.self),
            revision: Int(try row["revision"].decode(Int64.self)), profile: try row["profile"].decode(String?.self),
            claimsDigest: try row["claims_digest"].decode(String?.self), issuedAt: try row["issued_at"].decode(Date.self),
            // As SQLite reads it: a state this version does not know counts as active.
            state: IssuedState(rawValue: stateName) ?? .active, slots: slots,
            changedAt: try row["changed_at"].decode(Date?.self), reason: try row["reason"].decode(String?.self))
    }

    /// Applies an operator's change and audits it, in one transaction; the VCs concerned are locked
    /// first, so two operators (or an operator and a re-issue) change one VC one after the other.
    public func changeStatus(of id: String, _ change: StatusChange, reason: String, actor: String, now: Date)
        async throws(OutboxError) -> [StatusChangeResult]
    {
        try await transaction { connection, logger in
            var binds = PostgresBindings()
            binds.append(id)
            var targets = try await Self.issuedRows(connection, logger, where: "vc_id = $1", binds, locking: true)
            if targets.isEmpty {
                let all = try await Self.issuedRows(connection, logger, where: "source_id = $1", binds, locking: true)
                let current = all.filter { $0.state == .active || $0.state == .suspended }
                targets = current.isEmpty ? Array(all.prefix(1)) : current
            }
            var results: [StatusChangeResult] = []
            var touched = TouchedLists()
            for issued in targets {
                let result = LifecycleRules.apply(change, to: issued)
                results.append(result)
                guard case .changed(_, let before, let after) = result else { continue }
                try await connection.run(
                    """
                    UPDATE certbridge_issued SET state = \(after.rawValue), changed_at = \(now), reason = \(reason)
                    WHERE vc_id = \(issued.vcId)
                    """, logger: logger)
                touched.add(LifecycleRules.touchedLists(issued, before: before, after: after))
                try await Self.audit(
                    connection, logger, at: now, actor: actor, action: change.action, subject: issued.vcId, reason: reason,
                    before: before.rawValue, after: after.rawValue)
            }
            try await touched.bump(connection, logger)
            return results
        }
    }

    /// History rows by VC id, else by Certifier id.
    public func issued(matching id: String) async throws(OutboxError) -> [IssuedCredential] {
        try await read { connection, logger in
            var binds = PostgresBindings()
            binds.append(id)
            let byVC = try await Self.issuedRows(connection, logger, where: "vc_id = $1", binds)
            return byVC.isEmpty ? try await Self.issuedRows(connection, logger, where: "source_id = $1", binds) : byVC
        }
    }

    /// The audit trail, newest first.
    public func auditTrail(subject: String?, limit: Int) async throws(OutboxError) -> [AuditEntry] {
        try await read { connection, logger in
            let query: PostgresQuery =
                if let subject {
                    """
                    SELECT * FROM certbridge_audit
                    WHERE subject = \(subject) OR subject IN (SELECT vc_id FROM certbridge_issued WHERE source_id = \(subject))
                    ORDER BY id DESC LIMIT \(Int64(limit))
                    """
                } else {
                    "SELECT * FROM certbridge_audit ORDER BY id DESC LIMIT \(Int64(limit))"
                }
            var entries: [AuditEntry] = []
            for try await row in try await connection.query(query, logger: logger) {
                let row = row.makeRandomAccess()
                entries.append(
                    AuditEntry(
                        id: try row["id"].decode(Int64.self), at: try row["at"].decode(Date.self),
                        actor: try row["actor"].decode(String.self), action: try row["action"].decode(String.self),
                        subject: try row["subject"].decode(String.self), reason: try row["reason"].decode(String.self),
                        before: try row["before_state"].decode(String.self), after: try row["after_state"].decode(String.self)))
            }
            return entries
        }
    }

    /// Signs the due lists in one transaction under ``publicationLock``, taken without waiting: when
    /// another instance holds it, that instance is publishing and this one returns 0. The due lists
    /// are locked, so a change committed meanwhile bumps `changes` after this copy and is signed next time.
    public func publishStatusLists(
        now: Date, rule: StatusPublicationRule, sign: @escaping @Sendable (StatusListRecord, Date) throws -> String
    ) async throws(OutboxError) -> StatusPublication {
        try await transaction { connection, logger in
            let lock = try await connection.query("SELECT pg_try_advisory_xact_lock(\(Self.publicationLock))", logger: logger)
                .collect()
            guard try lock.first?.decode(Bool.self) == true else { return StatusPublication(skipped: true) }
            var binds = PostgresBindings()
            binds.append(now.addingTimeInterval(rule.renewBefore.seconds))
            let due = try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT slug, name, purpose, issuer, suite, proof_form, version, entries, changes
                        FROM certbridge_status_lists
                        WHERE \(LifecycleRules.publicationDueSQL(renewAt: "$1"))
                        ORDER BY slug
                        FOR UPDATE
                        """,
                    binds: binds),
                logger: logger
            ).collect()
            var publication = StatusPublication()
            for row in due {
                let (slug, name, purpose, issuer, suite, proofForm, version, entries, changes) = try row.decode(
                    (String, String, String, String, String, String, String, Int64, Int64).self)
                let (listColumn, indexColumn, state) =
                    purpose == "revocation"
                    ? ("revocation_list", "revocation_index", IssuedState.revoked)
                    : ("suspension_list", "suspension_index", .suspended)
                var indexBinds = PostgresBindings()
                indexBinds.append(slug)
                indexBinds.append(state.rawValue)
                var indexes: [Int] = []
                let result = try await connection.query(
                    PostgresQuery(
                        unsafeSQL: """
                            SELECT \(indexColumn) FROM certbridge_issued
                            WHERE \(listColumn) = $1 AND state = $2 ORDER BY \(indexColumn)
                            """,
                        binds: indexBinds),
                    logger: logger)
                for try await index in result.decode(Int64.self) { indexes.append(Int(index)) }
                let record = StatusListRecord(
                    slug: slug,
                    family: StatusListFamily(
                        name: name, purpose: purpose, issuer: issuer, suite: suite, proofForm: proofForm, version: version),
                    entries: Int(entries), setIndexes: indexes, changes: changes)
                let validUntil = now.addingTimeInterval(rule.validity.seconds)
                let credential: String
                do {
                    credential = try sign(record, validUntil)
                } catch {
                    publication.failures.append(.publication(list: slug, reason: "\(error)"))
                    continue
                }
                try await connection.run(
                    """
                    UPDATE certbridge_status_lists SET credential = \(credential),
                        etag = \(LifecycleRules.etag(slug: slug, changes: changes, publishedAt: now)),
                        published_at = \(now), valid_until = \(validUntil), published_changes = \(changes)
                    WHERE slug = \(slug)
                    """, logger: logger)
                publication.signed.append(slug)
            }
            return publication
        }
    }

    /// One published list.
    public func publishedStatusList(slug: String) async throws(OutboxError) -> PublishedStatusList? {
        try await publishedLists("SELECT * FROM certbridge_status_lists WHERE slug = \(slug) AND credential IS NOT NULL").first
    }

    /// Every published list.
    public func publishedStatusLists() async throws(OutboxError) -> [PublishedStatusList] {
        try await publishedLists("SELECT * FROM certbridge_status_lists WHERE credential IS NOT NULL ORDER BY slug")
    }

    private func publishedLists(_ query: PostgresQuery) async throws(OutboxError) -> [PublishedStatusList] {
        try await read { connection, logger in
            var lists: [PublishedStatusList] = []
            for try await row in try await connection.query(query, logger: logger) {
                let row = row.makeRandomAccess()
                lists.append(
                    PublishedStatusList(
                        slug: try row["slug"].decode(String.self), credential: try row["credential"].decode(String.self),
                        etag: try row["etag"].decode(String.self), publishedAt: try row["published_at"].decode(Date.self),
                        validUntil: try row["valid_until"].decode(Date.self)))
            }
            return lists
        }
    }
}

/// The lists whose `changes` a transaction bumps, applied together at its end in slug order:
/// transactions that touch several lists then lock them in one order and cannot deadlock.
struct TouchedLists {
    private var counts: [String: Int64] = [:]

    mutating func add(_ lists: [String]) {
        for list in lists { counts[list, default: 0] += 1 }
    }

    func bump(_ connection: PostgresConnection, _ logger: Logger) async throws {
        for (slug, count) in counts.sorted(by: { $0.key < $1.key }) {
            try await connection.run(
                "UPDATE certbridge_status_lists SET changes = changes + \(count) WHERE slug = \(slug)", logger: logger)
        }
    }
}

extension PostgresOutboxStore {
    /// The jobs of these source ids.
    public func jobs(sourceIds: [String]) async throws(OutboxError) -> [DeliveryJob] {
        guard !sourceIds.isEmpty else { return [] }
        return try await rows("SELECT * FROM certbridge_jobs WHERE source_id = ANY(\(sourceIds))")
    }

    /// Source ids with an active or suspended VC.
    public func sourceIdsWithCurrentVCs() async throws(OutboxError) -> [String] {
        try await read { connection, logger in
            var ids: [String] = []
            let rows = try await connection.query(
                "SELECT DISTINCT source_id FROM certbridge_issued WHERE state IN ('active', 'suspended') ORDER BY source_id",
                logger: logger)
            for try await id in rows.decode(String.self) { ids.append(id) }
            return ids
        }
    }

    /// Marks the profile's delivered jobs for a forced re-issue.
    public func requestReissue(profile: String, reason: String, actor: String, now: Date) async throws(OutboxError) -> Int {
        try await transaction { connection, logger in
            let count = try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        UPDATE certbridge_jobs SET force_reissue = 1, \(OutboxRules.reconcileAssignments(time: "$1"))
                        WHERE state = 'delivered' AND profile = $2 RETURNING id
                        """,
                    binds: Self.binds(now, profile)),
                logger: logger
            ).collect().count
            try await Self.audit(
                connection, logger, at: now, actor: actor, action: "reissue", subject: "profile:\(profile)", reason: reason,
                before: "-", after: "\(count) queued")
            return count
        }
    }

    /// A named cursor.
    public func cursor(named name: String) async throws(OutboxError) -> String? {
        try await read { connection, logger in
            for try await value in try await connection.query(
                "SELECT value FROM certbridge_cursors WHERE name = \(name)", logger: logger
            ).decode(String?.self) {
                return value
            }
            return nil
        }
    }

    /// Sets or clears a named cursor.
    public func setCursor(named name: String, to value: String?, now: Date) async throws(OutboxError) {
        try await transaction { connection, logger in
            if let value {
                try await connection.query(
                    """
                    INSERT INTO certbridge_cursors (name, value, updated_at) VALUES (\(name), \(value), \(now))
                    ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                    """, logger: logger)
            } else {
                try await connection.query("DELETE FROM certbridge_cursors WHERE name = \(name)", logger: logger)
            }
        }
    }

    /// Binds for an `unsafeSQL` query whose text is built from shared fragments.
    static func binds(_ time: Date, _ text: String) -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(time)
        bindings.append(text)
        return bindings
    }
}
