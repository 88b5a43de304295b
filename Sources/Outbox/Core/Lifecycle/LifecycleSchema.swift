/// The lifecycle tables, in SQLite's dialect; the PostgreSQL store writes the same columns in its own.
enum LifecycleSchema {
    static let jobColumns = [
        "revision INTEGER NOT NULL DEFAULT 0", "claims_digest TEXT", "source_digest TEXT", "status_slots TEXT",
        "issued_vc_id TEXT", "issued_revision INTEGER", "issued_claims_digest TEXT", "issued_source_digest TEXT",
        "recheck INTEGER NOT NULL DEFAULT 0", "force_reissue INTEGER NOT NULL DEFAULT 0",
    ]

    static var sqliteStatements: [String] {
        jobColumns.map { "ALTER TABLE jobs ADD COLUMN \($0)" } + [
            """
            CREATE TABLE issued (
                vc_id TEXT PRIMARY KEY,
                source_id TEXT NOT NULL,
                revision INTEGER NOT NULL,
                profile TEXT,
                claims_digest TEXT,
                issued_at REAL NOT NULL,
                state TEXT NOT NULL,
                revocation_list TEXT,
                revocation_index INTEGER,
                suspension_list TEXT,
                suspension_index INTEGER,
                changed_at REAL,
                reason TEXT
            )
            """,
            "CREATE INDEX issued_source ON issued (source_id)",
            "CREATE INDEX issued_revocation ON issued (revocation_list, state)",
            "CREATE INDEX issued_suspension ON issued (suspension_list, state)",
            """
            CREATE TABLE status_lists (
                slug TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                purpose TEXT NOT NULL,
                issuer TEXT NOT NULL,
                suite TEXT NOT NULL,
                proof_form TEXT NOT NULL,
                version TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                entries INTEGER NOT NULL,
                allocated INTEGER NOT NULL DEFAULT 0,
                allocation BLOB NOT NULL,
                is_open INTEGER NOT NULL DEFAULT 1,
                changes INTEGER NOT NULL DEFAULT 0,
                published_changes INTEGER,
                credential TEXT,
                etag TEXT,
                published_at REAL,
                valid_until REAL,
                created_at REAL NOT NULL,
                UNIQUE (name, purpose, sequence)
            )
            """,
            """
            CREATE TABLE audit (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at REAL NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                reason TEXT NOT NULL,
                before_state TEXT NOT NULL,
                after_state TEXT NOT NULL
            )
            """,
            "CREATE INDEX audit_subject ON audit (subject)",
            "CREATE TABLE cursors (name TEXT PRIMARY KEY, value TEXT, updated_at REAL NOT NULL)",
            // Delivered VCs from before the lifecycle: revision 0, no digest (computed from the
            // stored VC when first compared), no status entry.
            """
            INSERT INTO issued (vc_id, source_id, revision, profile, issued_at, state)
                SELECT vc_id, source_id, 0, profile, COALESCE(delivered_at, updated_at), 'active'
                FROM jobs WHERE state = 'delivered' AND vc_id IS NOT NULL
            """,
            "UPDATE jobs SET issued_vc_id = vc_id, issued_revision = 0 WHERE state = 'delivered' AND vc_id IS NOT NULL",
        ]
    }
}
