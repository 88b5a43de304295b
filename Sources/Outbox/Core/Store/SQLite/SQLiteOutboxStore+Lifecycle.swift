import Foundation
import GRDB

extension SQLiteOutboxStore {
    /// Reserves indexes under SQLite's write lock (IMMEDIATE), so no two processes draw the same.
    public func reserveStatusIndexes(_ family: StatusListFamily, count: Int, listEntries: Int, now: Date)
        async throws(OutboxError) -> [StatusSlot]
    {
        guard count > 0 else { return [] }
        // An empty list could never take an index: the loop below would open lists for ever.
        guard listEntries > 0 else { throw .database("a status list needs at least one entry, got \(listEntries)") }
        return try await immediate { db in
            var slots: [StatusSlot] = []
            var generator = SystemRandomNumberGenerator()
            while slots.count < count {
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT slug, entries, allocated, allocation FROM status_lists
                        WHERE name = ? AND purpose = ? AND issuer = ? AND suite = ? AND proof_form = ? AND version = ?
                            AND is_open = 1
                        ORDER BY sequence DESC LIMIT 1
                        """,
                    arguments: [family.name, family.purpose, family.issuer, family.suite, family.proofForm, family.version])
                let slug: String
                let entries: Int
                var allocated: Int
                var bitmap: [UInt8]
                if let row {
                    slug = row["slug"]
                    entries = row["entries"]
                    allocated = row["allocated"]
                    bitmap = [UInt8](row["allocation"] as Data)
                } else {
                    let sequence =
                        (try Int.fetchOne(
                            db, sql: "SELECT MAX(sequence) FROM status_lists WHERE name = ? AND purpose = ?",
                            arguments: [family.name, family.purpose]) ?? 0) + 1
                    slug = StatusAllocation.slug(name: family.name, purpose: family.purpose, sequence: sequence)
                    entries = listEntries
                    allocated = 0
                    bitmap = [UInt8](repeating: 0, count: (listEntries + 7) / 8)
                    try db.execute(
                        sql: """
                            INSERT INTO status_lists (slug, name, purpose, issuer, suite, proof_form, version, sequence,
                                entries, allocation, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            slug, family.name, family.purpose, family.issuer, family.suite, family.proofForm, family.version,
                            sequence, entries, Data(bitmap), now.timeIntervalSince1970,
                        ])
                }
                let taken = StatusAllocation.take(
                    count - slots.count, from: &bitmap, entries: entries, allocated: &allocated, using: &generator)
                try db.execute(
                    sql: "UPDATE status_lists SET allocation = ?, allocated = ?, is_open = ? WHERE slug = ?",
                    arguments: [Data(bitmap), allocated, allocated < entries ? 1 : 0, slug])
                slots += taken.map { StatusSlot(list: slug, index: $0, purpose: family.purpose) }
            }
            return slots
        }
    }

    /// The history and status effects of saving a job, in the save's transaction: a delivered VC
    /// enters the history and retires older revisions; a deleted credential's VCs are retired.
    static func applyLifecycle(_ db: Database, job: DeliveryJob, now: Date) throws {
        let time = now.timeIntervalSince1970
        switch job.state {
        case .delivered:
            // A forced re-issue is done once the job is delivered again, re-issued or not.
            if job.forceReissue {
                try db.cachedStatement(sql: "UPDATE jobs SET force_reissue = 0 WHERE id = ?").execute(arguments: [job.id])
            }
            if let vcId = job.vcId {
                let revocation = job.statusSlots.first { $0.purpose == "revocation" }
                let suspension = job.statusSlots.first { $0.purpose == "suspension" }
                try db.cachedStatement(sql: """
                        INSERT OR IGNORE INTO issued (vc_id, source_id, revision, profile, claims_digest, issued_at, state,
                            revocation_list, revocation_index, suspension_list, suspension_index)
                        VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?)
                        """).execute(arguments: [
                        vcId, job.sourceId, job.revision, job.profile, job.claimsDigest, time, revocation?.list,
                        revocation?.index, suspension?.list, suspension?.index,
                    ])
                if db.changesCount == 1 {
                    try audit(
                        db, time: time, actor: LifecycleRules.gatewayActor, action: "issued", subject: vcId,
                        reason: LifecycleRules.issuedReason(revision: job.revision, replacingSignature: job.replaceSignature),
                        before: "-", after: IssuedState.active.rawValue)
                    try db.cachedStatement(sql: """
                            UPDATE jobs SET issued_vc_id = ?, issued_revision = ?, issued_claims_digest = ?,
                                issued_source_digest = ? WHERE id = ?
                            """).execute(arguments: [vcId, job.revision, job.claimsDigest, job.sourceDigest, job.id])
                    // Revisions count from 0, so a first issue supersedes nothing: no query (39k
                    // instructions per credential, docs/PERFORMANCE.md, fourteenth round).
                    let older =
                        job.revision > 0
                        ? try issuedRows(
                            db, where: "source_id = ? AND vc_id <> ? AND revision < ? AND state IN \(LifecycleRules.currentStatesSQL)",
                            arguments: [job.sourceId, vcId, job.revision]) : []
                    for previous in older {
                        try retire(
                            db, previous, action: "superseded",
                            reason: LifecycleRules.supersededReason(
                                by: vcId, revision: job.revision, replacingSignature: job.replaceSignature), time: time)
                    }
                }
            }
            try recheckIfAsked(db, jobId: job.id, time: time)
        case .noMatch:
            try recheckIfAsked(db, jobId: job.id, time: time)
        case .deleted:
            for current in try issuedRows(
                db, where: "source_id = ? AND state IN \(LifecycleRules.currentStatesSQL)", arguments: [job.sourceId])
            {
                try retire(db, current, action: "deleted", reason: LifecycleRules.deletedReason, time: time)
            }
        case .received, .fetched, .signed, .dead:
            break
        }
    }

    /// A job that got an event while it was working from an older read goes round once more.
    private static func recheckIfAsked(_ db: Database, jobId: Int64, time: Double) throws {
        try db.cachedStatement(sql: recheckSQL).execute(arguments: [time, time, jobId])
    }

    /// ``recheckIfAsked(_:jobId:time:)``'s statement, written once: every delivered save runs it.
    private static let recheckSQL = "UPDATE jobs SET \(OutboxRules.reconcileAssignments(time: "?")) WHERE id = ? AND recheck = 1"

    private static func retire(_ db: Database, _ issued: IssuedCredential, action: String, reason: String, time: Double) throws {
        let after = LifecycleRules.retired(issued)
        try db.cachedStatement(sql: "UPDATE issued SET state = ?, changed_at = ?, reason = ? WHERE vc_id = ?")
            .execute(arguments: [after.rawValue, time, reason, issued.vcId])
        for list in LifecycleRules.touchedLists(issued, before: issued.state, after: after) {
            try db.cachedStatement(sql: "UPDATE status_lists SET changes = changes + 1 WHERE slug = ?")
                .execute(arguments: [list])
        }
        try audit(
            db, time: time, actor: LifecycleRules.gatewayActor, action: action, subject: issued.vcId, reason: reason,
            before: issued.state.rawValue, after: after.rawValue)
    }

    static func audit(
        _ db: Database, time: Double, actor: String, action: String, subject: String, reason: String, before: String,
        after: String
    ) throws {
        try db.cachedStatement(sql: """
                INSERT INTO audit (at, actor, action, subject, reason, before_state, after_state)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [time, actor, action, subject, reason, before, after])
    }

    static func issuedRows(_ db: Database, where condition: String, arguments: StatementArguments) throws -> [IssuedCredential] {
        let select = try db.cachedStatement(sql: "SELECT * FROM issued WHERE \(condition) ORDER BY revision DESC")
        return try Row.fetchAll(select, arguments: arguments).map { row in
            var slots: [StatusSlot] = []
            if let list: String = row["revocation_list"], let index: Int = row["revocation_index"] {
                slots.append(StatusSlot(list: list, index: index, purpose: "revocation"))
            }
            if let list: String = row["suspension_list"], let index: Int = row["suspension_index"] {
                slots.append(StatusSlot(list: list, index: index, purpose: "suspension"))
            }
            let stateName: String = row["state"]
            return IssuedCredential(
                vcId: row["vc_id"], sourceId: row["source_id"], revision: row["revision"], profile: row["profile"],
                claimsDigest: row["claims_digest"], issuedAt: Date(timeIntervalSince1970: row["issued_at"]),
                state: IssuedState(rawValue: stateName) ?? .active, slots: slots,
                changedAt: (row["changed_at"] as Double?).map(Date.init(timeIntervalSince1970:)), reason: row["reason"])
        }
    }

    /// Applies an operator's change and audits it, in one transaction.
    public func changeStatus(of id: String, _ change: StatusChange, reason: String, actor: String, now: Date)
        async throws(OutboxError) -> [StatusChangeResult]
    {
        try await immediate { db in
            let time = now.timeIntervalSince1970
            var targets = try Self.issuedRows(db, where: "vc_id = ?", arguments: [id])
            if targets.isEmpty {
                let all = try Self.issuedRows(db, where: "source_id = ?", arguments: [id])
                let current = all.filter { $0.state == .active || $0.state == .suspended }
                targets = current.isEmpty ? Array(all.prefix(1)) : current
            }
            var results: [StatusChangeResult] = []
            for issued in targets {
                let result = LifecycleRules.apply(change, to: issued)
                results.append(result)
                guard case .changed(_, let before, let after) = result else { continue }
                try db.execute(
                    sql: "UPDATE issued SET state = ?, changed_at = ?, reason = ? WHERE vc_id = ?",
                    arguments: [after.rawValue, time, reason, issued.vcId])
                for list in LifecycleRules.touchedLists(issued, before: before, after: after) {
                    try db.execute(sql: "UPDATE status_lists SET changes = changes + 1 WHERE slug = ?", arguments: [list])
                }
                try Self.audit(
                    db, time: time, actor: actor, action: change.action, subject: issued.vcId, reason: reason,
                    before: before.rawValue, after: after.rawValue)
            }
            return results
        }
    }

    /// History rows by VC id, else by Certifier id.
    public func issued(matching id: String) async throws(OutboxError) -> [IssuedCredential] {
        try await read { db in
            let byVC = try Self.issuedRows(db, where: "vc_id = ?", arguments: [id])
            return byVC.isEmpty ? try Self.issuedRows(db, where: "source_id = ?", arguments: [id]) : byVC
        }
    }

    /// The audit trail, newest first.
    public func auditTrail(subject: String?, limit: Int) async throws(OutboxError) -> [AuditEntry] {
        try await read { db in
            let rows =
                if let subject {
                    try Row.fetchAll(
                        db,
                        sql: """
                            SELECT * FROM audit WHERE subject = ? OR subject IN (SELECT vc_id FROM issued WHERE source_id = ?)
                            ORDER BY id DESC LIMIT ?
                            """,
                        arguments: [subject, subject, limit])
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY id DESC LIMIT ?", arguments: [limit])
                }
            return rows.map { row in
                AuditEntry(
                    id: row["id"], at: Date(timeIntervalSince1970: row["at"]), actor: row["actor"], action: row["action"],
                    subject: row["subject"], reason: row["reason"], before: row["before_state"], after: row["after_state"])
            }
        }
    }

    /// Signs the due lists in one IMMEDIATE transaction: SQLite's write lock is the publication
    /// lock, so two processes on one file never sign the same change twice.
    public func publishStatusLists(
        now: Date, rule: StatusPublicationRule, sign: @escaping @Sendable (StatusListRecord, Date) throws -> String
    ) async throws(OutboxError) -> StatusPublication {
        try await immediate { db in
            let time = now.timeIntervalSince1970
            let due = try Row.fetchAll(
                db,
                sql: """
                    SELECT slug, name, purpose, issuer, suite, proof_form, version, entries, changes FROM status_lists
                    WHERE \(LifecycleRules.publicationDueSQL(renewAt: "?"))
                    ORDER BY slug
                    """,
                arguments: [time + rule.renewBefore.seconds])
            var publication = StatusPublication()
            for row in due {
                let slug: String = row["slug"]
                let purpose: String = row["purpose"]
                let (listColumn, indexColumn, state) =
                    purpose == "revocation"
                    ? ("revocation_list", "revocation_index", IssuedState.revoked) : ("suspension_list", "suspension_index", .suspended)
                let indexes = try Int.fetchAll(
                    db, sql: "SELECT \(indexColumn) FROM issued WHERE \(listColumn) = ? AND state = ? ORDER BY \(indexColumn)",
                    arguments: [slug, state.rawValue])
                let changes: Int64 = row["changes"]
                let record = StatusListRecord(
                    slug: slug,
                    family: StatusListFamily(
                        name: row["name"], purpose: purpose, issuer: row["issuer"], suite: row["suite"],
                        proofForm: row["proof_form"], version: row["version"]),
                    entries: row["entries"], setIndexes: indexes, changes: changes)
                let validUntil = now.addingTimeInterval(rule.validity.seconds)
                let credential: String
                do {
                    credential = try sign(record, validUntil)
                } catch {
                    publication.failures.append(.publication(list: slug, reason: "\(error)"))
                    continue
                }
                try db.execute(
                    sql: """
                        UPDATE status_lists SET credential = ?, etag = ?, published_at = ?, valid_until = ?,
                            published_changes = ? WHERE slug = ?
                        """,
                    arguments: [
                        credential, LifecycleRules.etag(slug: slug, changes: changes, publishedAt: now), time,
                        validUntil.timeIntervalSince1970, changes, slug,
                    ])
                publication.signed.append(slug)
            }
            return publication
        }
    }

    /// One published list.
    public func publishedStatusList(slug: String) async throws(OutboxError) -> PublishedStatusList? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM status_lists WHERE slug = ? AND credential IS NOT NULL", arguments: [slug])
                .map(Self.published(from:))
        }
    }

    /// Every published list.
    public func publishedStatusLists() async throws(OutboxError) -> [PublishedStatusList] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM status_lists WHERE credential IS NOT NULL ORDER BY slug").map(Self.published(from:))
        }
    }

    private static func published(from row: Row) -> PublishedStatusList {
        PublishedStatusList(
            slug: row["slug"], credential: row["credential"], etag: row["etag"],
            publishedAt: Date(timeIntervalSince1970: row["published_at"]),
            validUntil: Date(timeIntervalSince1970: row["valid_until"]))
    }
}

extension SQLiteOutboxStore {
    /// The jobs of these source ids.
    public func jobs(sourceIds: [String]) async throws(OutboxError) -> [DeliveryJob] {
        guard !sourceIds.isEmpty else { return [] }
        return try await read { db in
            var jobs: [DeliveryJob] = []
            // SQLite limits bound parameters per statement; 500 a statement stays far below it.
            for start in stride(from: 0, to: sourceIds.count, by: 500) {
                let chunk = Array(sourceIds[start..<min(sourceIds.count, start + 500)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                jobs += try Row.fetchAll(db, sql: "SELECT * FROM jobs WHERE source_id IN (\(marks))", arguments: StatementArguments(chunk))
                    .map(Self.job(from:))
            }
            return jobs
        }
    }

    /// Source ids with an active or suspended VC.
    public func sourceIdsWithCurrentVCs() async throws(OutboxError) -> [String] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT source_id FROM issued WHERE state IN ('active', 'suspended') ORDER BY source_id")
        }
    }

    /// Marks the profile's delivered jobs for a forced re-issue.
    public func requestReissue(profile: String, reason: String, actor: String, now: Date) async throws(OutboxError) -> Int {
        let time = now.timeIntervalSince1970
        return try await immediate { db in
            try db.execute(
                sql: "UPDATE jobs SET force_reissue = 1, \(OutboxRules.reconcileAssignments(time: "?")) WHERE state = 'delivered' AND profile = ?",
                arguments: [time, time, profile])
            let count = db.changesCount
            try Self.audit(
                db, time: time, actor: actor, action: "reissue", subject: "profile:\(profile)", reason: reason, before: "-",
                after: "\(count) queued")
            return count
        }
    }

    /// A named cursor.
    public func cursor(named name: String) async throws(OutboxError) -> String? {
        try await read { db in try String.fetchOne(db, sql: "SELECT value FROM cursors WHERE name = ?", arguments: [name]) }
    }

    /// Sets or clears a named cursor.
    public func setCursor(named name: String, to value: String?, now: Date) async throws(OutboxError) {
        try await immediate { db in
            if let value {
                try db.execute(
                    sql: """
                        INSERT INTO cursors (name, value, updated_at) VALUES (?, ?, ?)
                        ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                        """,
                    arguments: [name, value, now.timeIntervalSince1970])
            } else {
                try db.execute(sql: "DELETE FROM cursors WHERE name = ?", arguments: [name])
            }
        }
    }
}
