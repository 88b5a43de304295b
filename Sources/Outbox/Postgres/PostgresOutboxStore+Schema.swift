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
        )
    ]

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
