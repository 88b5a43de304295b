import GRDB

extension SQLiteOutboxStore {
    /// The outbox tables: `jobs` (one row per Certifier credential, VC id unique) and `events`
    /// (one row per webhook envelope id, for de-duplication and audit).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE jobs (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        source_id TEXT NOT NULL UNIQUE,
                        event_id TEXT,
                        state TEXT NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at REAL NOT NULL,
                        last_error TEXT,
                        credential TEXT,
                        vc TEXT,
                        vc_id TEXT UNIQUE,
                        profile TEXT,
                        wallet_record_id TEXT,
                        lease_owner TEXT,
                        lease_until REAL,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL,
                        delivered_at REAL
                    );
                    CREATE INDEX jobs_due ON jobs(state, next_attempt_at);
                    CREATE TABLE events (
                        id TEXT PRIMARY KEY,
                        type TEXT NOT NULL,
                        source_id TEXT,
                        received_at REAL NOT NULL,
                        job_id INTEGER
                    );
                    """)
        }
        // v2: the credential lifecycle (docs/LIFECYCLE.md). Jobs remember the VC last delivered;
        // `issued` keeps every VC's history (ids, digests, status indexes, state; no personal data);
        // `status_lists` the lists, their allocation bitmaps and signed copies; `audit` every change.
        // VCs delivered before v2 become revision 0 with no status entry.
        migrator.registerMigration("v2") { db in
            try db.execute(sql: LifecycleSchema.sqliteStatements.joined(separator: ";\n"))
        }
        // v3: protocol state of the holder-facing doors (DCP credential requests; OpenID4VCI next).
        migrator.registerMigration("v3") { db in
            try db.execute(sql: ProtocolRecordSchema.sqliteStatements.joined(separator: ";\n"))
        }
        // v4: heartbeats of the processes that claim jobs (SQLiteOutboxStore+Owners.swift).
        migrator.registerMigration("v4") { db in
            try db.execute(sql: ownersSchema)
        }
        // v5: pending jobs in the order workers claim them. Without it a claim sorts every queued
        // job (the v1 index is by state first), so a claim's cost grew with the queue: a burst of
        // 10,000 webhooks made every claim of the drain read all of them.
        migrator.registerMigration("v5") { db in
            try db.execute(sql: "CREATE INDEX jobs_pending ON jobs(next_attempt_at, id) WHERE state IN \(OutboxRules.pendingStatesSQL)")
        }
        // v6: the same index, its condition written as comparisons (``pendingCondition``).
        migrator.registerMigration("v6") { db in
            try db.execute(sql: "DROP INDEX jobs_pending")
            try db.execute(sql: "CREATE INDEX jobs_pending ON jobs(next_attempt_at, id) WHERE \(pendingCondition)")
        }
        return migrator
    }

    /// The condition of the `jobs_pending` index, and of every claim, which repeats it term for
    /// term because SQLite uses a partial index only then: the job is in one of the
    /// ``JobState/pending`` states, as comparisons joined by OR.
    ///
    /// Why not `state IN (…)`: SQLite evaluates a partial index's condition for the old and the new
    /// row at every insert into and update of `jobs`, and it codes an IN list of three or more
    /// constants there as a temporary b-tree that it creates, fills and drops each time. That was
    /// five temporary b-trees per credential (the job's insert and two saves) and about 3 % of
    /// `serve`'s instructions (docs/PERFORMANCE.md, sixteenth round). Comparisons cost a few
    /// instructions each. (PostgreSQL's index keeps its IN list, which it tests in place.)
    static let pendingCondition =
        "(" + JobState.pending.map { "state = '\($0.rawValue)'" }.joined(separator: " OR ") + ")"
}
