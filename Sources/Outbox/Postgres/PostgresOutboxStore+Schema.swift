import Outbox
import Logging
import PostgresNIO

extension PostgresOutboxStore {
    /// Numbered schema steps; a database records the ones it ran in `certbridge_schema`. New steps
    /// are appended, never edited, so every instance, old or new, agrees on what version N means.
    static let migrations: [(version: Int, statements: [String])] = [
        (
            1,
            [
                """
                CREATE TABLE certbridge_jobs (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    source_id TEXT NOT NULL CONSTRAINT certbridge_jobs_source_id_key UNIQUE,
                    event_id TEXT,
                    state TEXT NOT NULL CONSTRAINT certbridge_jobs_state_check
                        CHECK (state IN (\(JobState.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")))),
                    attempts BIGINT NOT NULL DEFAULT 0,
                    next_attempt_at TIMESTAMPTZ NOT NULL,
                    last_error TEXT,
                    credential TEXT,
                    vc TEXT,
                    vc_id TEXT CONSTRAINT \(vcIdConstraint) UNIQUE,
                    profile TEXT,
                    wallet_record_id TEXT,
                    lease_owner TEXT,
                    lease_until TIMESTAMPTZ,
                    created_at TIMESTAMPTZ NOT NULL,
                    updated_at TIMESTAMPTZ NOT NULL,
                    delivered_at TIMESTAMPTZ
                )
                """,
                // JSON is kept as text, not jsonb: jsonb reorders keys and rewrites numbers, and the
                // signed VC must reach the wallet exactly as it was signed.
                "CREATE INDEX certbridge_jobs_due ON certbridge_jobs (state, next_attempt_at)",
                """
                CREATE TABLE certbridge_events (
                    id TEXT PRIMARY KEY,
                    type TEXT NOT NULL,
                    source_id TEXT,
                    received_at TIMESTAMPTZ NOT NULL,
                    job_id BIGINT REFERENCES certbridge_jobs (id)
                )
                """,
            ]
        ),
        (2, lifecycleStatements),
        // v3: protocol state of the holder-facing doors, the same columns as SQLite's v3.
        (
            3,
            [
                """
                CREATE TABLE certbridge_records (
                    kind TEXT NOT NULL,
                    id TEXT NOT NULL,
                    subject TEXT,
                    state TEXT NOT NULL,
                    body TEXT NOT NULL,
                    created_at TIMESTAMPTZ NOT NULL,
                    updated_at TIMESTAMPTZ NOT NULL,
                    expires_at TIMESTAMPTZ,
                    PRIMARY KEY (kind, id)
                )
                """,
                "CREATE INDEX certbridge_records_subject ON certbridge_records (kind, subject, state)",
                "CREATE INDEX certbridge_records_expiry ON certbridge_records (expires_at)",
            ]
        ),
        // v4: heartbeats of the processes that claim jobs (PostgresOutboxStore+Owners.swift).
        (4, ownersStatements),
        // v5: pending jobs in the order workers claim them (SQLite's v5): without it every claim
        // read and sorted the whole queue, and a drain of N queued jobs cost N² row reads.
        (
            5,
            [
                "CREATE INDEX certbridge_jobs_pending ON certbridge_jobs (next_attempt_at, id) WHERE state IN \(OutboxRules.pendingStatesSQL)"
            ]
        ),
        // v6: the claim as a function that runs with `enable_sort = off`, so a claim is one
        // statement and one round trip instead of four (BEGIN, SET LOCAL, the claim, COMMIT).
        // Its body is this version's claim: a later version that changes the claim replaces the
        // function in a migration of its own.
        (6, [PostgresOutboxStore.claimFunction]),
    ]

    /// v2: the credential lifecycle (docs/LIFECYCLE.md), the same tables, columns and indexes as
    /// SQLite's v2 (`LifecycleSchema`) in PostgreSQL's types. Jobs remember the VC last delivered;
    /// `certbridge_issued` keeps every VC's history (ids, digests, status indexes, state; no personal
    /// data); `certbridge_status_lists` the lists, their allocation bitmaps and signed copies;
    /// `certbridge_audit` every change. VCs delivered before v2 become revision 0 with no status entry.
    private static var lifecycleStatements: [String] {
        // Integers are BIGINT (what ``PostgresColumns`` reads as Int64) and flags too, not BOOLEAN,
        // so the SET clauses shared with SQLite (`recheck = 0`) run unchanged.
        let jobColumns = [
            "revision BIGINT NOT NULL DEFAULT 0", "claims_digest TEXT", "source_digest TEXT", "status_slots TEXT",
            "issued_vc_id TEXT", "issued_revision BIGINT", "issued_claims_digest TEXT", "issued_source_digest TEXT",
            "recheck BIGINT NOT NULL DEFAULT 0", "force_reissue BIGINT NOT NULL DEFAULT 0",
        ]
        let states = JobState.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return [
            "ALTER TABLE certbridge_jobs " + jobColumns.map { "ADD COLUMN \($0)" }.joined(separator: ", "),
            // The check names the states this version knows; `deleted` is new.
            """
            ALTER TABLE certbridge_jobs DROP CONSTRAINT certbridge_jobs_state_check,
                ADD CONSTRAINT certbridge_jobs_state_check CHECK (state IN (\(states)))
            """,
            """
            CREATE TABLE certbridge_issued (
                vc_id TEXT PRIMARY KEY,
                source_id TEXT NOT NULL,
                revision BIGINT NOT NULL,
                profile TEXT,
                claims_digest TEXT,
                issued_at TIMESTAMPTZ NOT NULL,
                state TEXT NOT NULL,
                revocation_list TEXT,
                revocation_index BIGINT,
                suspension_list TEXT,
                suspension_index BIGINT,
                changed_at TIMESTAMPTZ,
                reason TEXT
            )
            """,
            "CREATE INDEX certbridge_issued_source ON certbridge_issued (source_id)",
            "CREATE INDEX certbridge_issued_revocation ON certbridge_issued (revocation_list, state)",
            "CREATE INDEX certbridge_issued_suspension ON certbridge_issued (suspension_list, state)",
            """
            CREATE TABLE certbridge_status_lists (
                slug TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                purpose TEXT NOT NULL,
                issuer TEXT NOT NULL,
                suite TEXT NOT NULL,
                proof_form TEXT NOT NULL,
                version TEXT NOT NULL,
                sequence BIGINT NOT NULL,
                entries BIGINT NOT NULL,
                allocated BIGINT NOT NULL DEFAULT 0,
                allocation BYTEA NOT NULL,
                is_open BIGINT NOT NULL DEFAULT 1,
                changes BIGINT NOT NULL DEFAULT 0,
                published_changes BIGINT,
                credential TEXT,
                etag TEXT,
                published_at TIMESTAMPTZ,
                valid_until TIMESTAMPTZ,
                created_at TIMESTAMPTZ NOT NULL,
                UNIQUE (name, purpose, sequence)
            )
            """,
            """
            CREATE TABLE certbridge_audit (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                at TIMESTAMPTZ NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                reason TEXT NOT NULL,
                before_state TEXT NOT NULL,
                after_state TEXT NOT NULL
            )
            """,
            "CREATE INDEX certbridge_audit_subject ON certbridge_audit (subject)",
            "CREATE TABLE certbridge_cursors (name TEXT PRIMARY KEY, value TEXT, updated_at TIMESTAMPTZ NOT NULL)",
            // Delivered VCs from before the lifecycle: revision 0, no digest (computed from the
            // stored VC when first compared), no status entry.
            """
            INSERT INTO certbridge_issued (vc_id, source_id, revision, profile, issued_at, state)
                SELECT vc_id, source_id, 0, profile, COALESCE(delivered_at, updated_at), '\(IssuedState.active.rawValue)'
                FROM certbridge_jobs WHERE state = '\(JobState.delivered.rawValue)' AND vc_id IS NOT NULL
            """,
            """
            UPDATE certbridge_jobs SET issued_vc_id = vc_id, issued_revision = 0
            WHERE state = '\(JobState.delivered.rawValue)' AND vc_id IS NOT NULL
            """,
        ]
    }

    /// The unique constraint on VC ids, named so a violation can be told apart from others.
    static let vcIdConstraint = "certbridge_jobs_vc_id_key"

    /// Any fixed number: instances starting together queue on this advisory lock, so one migrates
    /// and the others find the work done.
    private static let migrationLock: Int64 = 0x6365_7274_6272_6467

    /// Runs the steps this database lacks, in one transaction on a connection of its own; idempotent and safe to race.
    static func migrate(_ url: PostgresURL, logger: Logger) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: try url.connectionConfiguration(), id: 0, logger: logger)
        do {
            try await migrate(connection, logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }

    private static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS certbridge_schema (
                    version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """, logger: logger)
            var applied: Set<Int> = []
            for try await version in try await connection.query("SELECT version FROM certbridge_schema", logger: logger)
                .decode(Int.self)
            {
                applied.insert(version)
            }
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO certbridge_schema (version) VALUES (\(migration.version))", logger: logger)
                logger.info("outbox schema migrated", metadata: ["version": "\(migration.version)"])
            }
        }
    }
}
