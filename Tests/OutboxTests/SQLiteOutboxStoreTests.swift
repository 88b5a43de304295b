@testable import Outbox
import Foundation
import GRDB
import ServeRig
import Testing

@Suite("SQLite outbox store")
struct SQLiteOutboxStoreTests {
    @Test("the outbox contract holds", arguments: OutboxContract.allCases)
    func contract(_ rule: OutboxContract) async throws {
        try await rule.check(.sqlite)
    }

    @Test("the heartbeat contract holds", arguments: OwnersContract.allCases)
    func owners(_ rule: OwnersContract) async throws {
        try await rule.check(.sqlite)
    }

    @Test("the lifecycle contract holds", arguments: LifecycleContract.allCases)
    func lifecycle(_ rule: LifecycleContract) async throws {
        try await rule.check(.sqlite)
    }

    @Test("the protocol records contract holds", arguments: RecordsContract.allCases)
    func records(_ rule: RecordsContract) async throws {
        try await rule.check(.sqlite)
    }

    @Test("the outbox runs in WAL mode (a -wal file sits beside the database while it is open)")
    func walMode() async throws {
        let tmp = try TemporaryOutbox()
        defer { tmp.remove() }
        let store = try tmp.open()
        _ = try await store.record(event: envelope("ev1", credential: "c1"), now: t0)
        #expect(FileManager.default.fileExists(atPath: tmp.path + "-wal"))
        _ = store
    }

    /// The writer connection's settings, each with its reason: `synchronous = FULL` (2) syncs the
    /// WAL at every commit, not GRDB's NORMAL, so an answered webhook survives a power cut;
    /// `temp_store = MEMORY` (2) keeps a group commit's savepoint journals in memory, never in a
    /// temporary file.
    @Test("the writer syncs every commit and keeps savepoint journals in memory", arguments: [("synchronous", 2), ("temp_store", 2)])
    func writerSetting(pragma: String, expected: Int) async throws {
        let tmp = try TemporaryOutbox()
        defer { tmp.remove() }
        let store = try tmp.open()
        let value = try await store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA \(pragma)") }
        #expect(value == expected)
    }

    @Test("a claim walks pending jobs in due order through the v5 index: no sort of the queue, whatever states it wants")
    func claimPlan() async throws {
        let tmp = try TemporaryOutbox()
        defer { tmp.remove() }
        let store = try tmp.open()
        for number in 0..<40 {
            _ = try await store.record(event: envelope("ev\(number)", credential: "c\(number)"), now: t0.addingTimeInterval(Double(number)))
        }
        let reader = try DatabaseQueue(path: tmp.path)
        for wanted in [JobState.pending, [.received], [.fetched, .signed]] {
            let plan = try await reader.read { db in
                try Row.fetchAll(
                    db, sql: "EXPLAIN QUERY PLAN " + SQLiteOutboxStore.claimSQL(wanted),
                    arguments: ["now": t0.addingTimeInterval(100).timeIntervalSince1970, "limit": 16]
                ).map { row -> String in row["detail"] }
            }
            #expect(plan.contains { $0.contains("USING INDEX jobs_pending") }, "\(wanted): \(plan)")
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(wanted): \(plan)")
        }
        try reader.close()
        // The index's order is the claim's: oldest due first.
        let claimed = try await store.claimDue(owner: "w", now: t0.addingTimeInterval(100), limit: 3, lease: .seconds(60), states: Set(JobState.pending))
        #expect(claimed.map(\.sourceId) == ["c0", "c1", "c2"])
    }

    /// SQLite checks a partial index's condition for the old and the new row at every write of a
    /// row; an IN list of three constants there is a temporary b-tree made and dropped each time
    /// (five per credential before v6). A database left at v5 gets the comparisons too.
    @Test("writing a job makes no temporary b-tree for the pending index's condition, also after migrating from v5", arguments: [false, true])
    func jobWritesWithoutTemporaryTrees(fromVersion5: Bool) async throws {
        let tmp = try TemporaryOutbox()
        defer { tmp.remove() }
        if fromVersion5 {
            let queue = try DatabaseQueue(path: tmp.path)
            try SQLiteOutboxStore.migrator.migrate(queue, upTo: "v5")
            let condition = try await queue.read { db in
                try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'jobs_pending'")
            }
            #expect(condition?.contains("state IN ('received', 'fetched', 'signed')") == true)
            try queue.close()
        }
        let store = try tmp.open()
        _ = try await store.record(event: envelope("ev1", credential: "c1"), now: t0)
        let reader = try DatabaseQueue(path: tmp.path)
        let writes = [
            SQLiteOutboxStore.saveSQL, SQLiteOutboxStore.saveKeepingPayloadSQL,
            "UPDATE jobs SET state = ?, next_attempt_at = ? WHERE id = ?",
            "INSERT INTO jobs (source_id, state, next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
        ]
        let (index, programs) = try await reader.read { db in
            (
                try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'jobs_pending'"),
                try writes.map { sql in
                    // EXPLAIN wants every parameter bound; NULL does for a program.
                    let nulls = Array(repeating: DatabaseValue.null, count: sql.filter { $0 == "?" }.count)
                    return try Row.fetchAll(db, sql: "EXPLAIN " + sql, arguments: StatementArguments(nulls)).map { row -> String in row["opcode"] }
                }
            )
        }
        try reader.close()
        #expect(index?.hasSuffix("WHERE (state = 'received' OR state = 'fetched' OR state = 'signed')") == true, "\(index ?? "no index")")
        for (sql, opcodes) in zip(writes, programs) {
            #expect(opcodes.contains("IdxInsert"), "the write maintains the index: \(sql)")
            #expect(!opcodes.contains("OpenEphemeral"), "\(sql)")
        }
        // The claim still walks the index (INDEXED BY fails the statement otherwise), and finds the job.
        let claimed = try await store.claimDue(owner: "w", now: t0.addingTimeInterval(1), limit: 4, lease: .seconds(60), states: Set(JobState.pending))
        #expect(claimed.map(\.sourceId) == ["c1"])
    }

    @Test("a save told the documents are stored leaves the credential and VC columns; any other writes them")
    func saveKeepingStoredDocuments() async throws {
        let tmp = try TemporaryOutbox()
        defer { tmp.remove() }
        let store = try tmp.open()
        _ = try await store.record(event: envelope("ev1", credential: "c1"), now: t0)
        var job = try #require(try await store.claimDue(owner: "w", now: t0, limit: 1, lease: .seconds(60)).first)
        job.state = .signed
        job.credential = ["id": "c1", "read": 1]
        job.vc = ["id": "urn:vc:c1"]
        job.vcId = "urn:vc:c1"
        #expect(try await store.save(job, owner: "w", keepLease: true, now: t0, lease: .seconds(60), payloadStored: false))
        // Documents that differ from the stored ones, which only a save that writes them can store.
        var delivered = job
        delivered.state = .delivered
        delivered.credential = ["id": "c1", "read": 2]
        delivered.vc = ["id": "urn:vc:c1", "changed": true]
        #expect(try await store.save(delivered, owner: "w", keepLease: true, now: t0, lease: .seconds(60), payloadStored: true))
        var stored = try #require(try await store.job(id: job.id))
        #expect(stored.state == .delivered)
        #expect(stored.credential == ["id": "c1", "read": 1] && stored.vc == ["id": "urn:vc:c1"])
        #expect(try await store.save(delivered, owner: "w", keepLease: false, now: t0, lease: .seconds(60), payloadStored: false))
        stored = try #require(try await store.job(id: job.id))
        #expect(stored.credential == delivered.credential && stored.vc == delivered.vc)
    }

    @Test("a database at schema version 1 is migrated: its delivered VCs become revision 0 of the history")
    func migrationFromVersion1() async throws {
        let tmp = try TemporaryOutbox()
        defer { tmp.remove() }
        // Version 1 as that version left it (GRDB records "v1" as run), with one delivered and one pending job.
        let queue = try DatabaseQueue(path: tmp.path)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in try db.execute(sql: Self.version1) }
        try migrator.migrate(queue)
        let (delivered, time) = (t0.addingTimeInterval(60).timeIntervalSince1970, t0.timeIntervalSince1970)
        try await queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO jobs (source_id, event_id, state, next_attempt_at, vc, vc_id, profile, wallet_record_id,
                        created_at, updated_at, delivered_at)
                    VALUES ('c1', 'ev1', 'delivered', ?, '{"id":"urn:vc:c1"}', 'urn:vc:c1', 'course', 'w-1', ?, ?, ?)
                    """,
                arguments: [time, time, time, delivered])
            try db.execute(
                sql: """
                    INSERT INTO jobs (source_id, event_id, state, next_attempt_at, created_at, updated_at)
                    VALUES ('c2', 'ev2', 'received', ?, ?, ?)
                    """,
                arguments: [time, time, time])
        }
        try queue.close()

        let store = try tmp.open()
        let adopted = IssuedCredential(
            vcId: "urn:vc:c1", sourceId: "c1", revision: 0, profile: "course", claimsDigest: nil,
            issuedAt: t0.addingTimeInterval(60), state: .active, slots: [])
        #expect(try await store.issued(matching: "c1") == [adopted])
        #expect(try await store.issued(matching: "urn:vc:c1") == [adopted])
        let jobs = try await store.jobs(state: nil, limit: 10)
        let job = try #require(jobs.first { $0.sourceId == "c1" })
        #expect(job.state == .delivered && job.revision == 0 && job.statusSlots.isEmpty)
        #expect(job.lastIssued == IssuedSummary(vcId: "urn:vc:c1", revision: 0, claimsDigest: nil, sourceDigest: nil))
        #expect(jobs.first { $0.sourceId == "c2" }?.lastIssued == nil)
        #expect(try await store.issued(matching: "c2").isEmpty)
        #expect(try await store.record(event: envelope("ev3", credential: "c1", type: "credential.updated"), now: t0)
            == .reconciling(jobId: job.id))
        let reader = try DatabaseQueue(path: tmp.path)
        let migrations = try await reader.read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
        }
        try reader.close()
        #expect(migrations == ["v1", "v2", "v3", "v4", "v5", "v6"])
    }

    /// Migration "v1" as it ran before "v2" existed.
    static let version1 = """
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
        """
}
