import Certifier
import Outbox
@testable import OutboxPostgres
import Foundation
import GRDB
import Logging
import PostgresTestSupport
import PostgresNIO
import ServeRig
import Testing
import TestSupport
import Secrets

@Suite("PostgreSQL outbox store", .enabled(if: TestPostgres.isConfigured, Comment(rawValue: TestPostgres.skipReason)))
struct PostgresOutboxStoreTests {
    @Test("the outbox contract holds", arguments: OutboxContract.allCases)
    func contract(_ rule: OutboxContract) async throws {
        try await rule.check(.postgres)
    }

    @Test("the heartbeat contract holds", arguments: OwnersContract.allCases)
    func owners(_ rule: OwnersContract) async throws {
        try await rule.check(.postgres)
    }

    @Test("the lifecycle contract holds", arguments: LifecycleContract.allCases)
    func lifecycle(_ rule: LifecycleContract) async throws {
        try await rule.check(.postgres)
    }

    @Test("the protocol records contract holds", arguments: RecordsContract.allCases)
    func records(_ rule: RecordsContract) async throws {
        try await rule.check(.postgres)
    }

    @Test("several instances over one database", arguments: InstanceScenario.allCases)
    func instances(_ scenario: InstanceScenario) async throws {
        try await scenario.play(.postgres)
    }

    @Test("a claim walks pending jobs in due order through the v5 partial index, not a sort of the whole queue")
    func claimPlan() async throws {
        let database = try await TestPostgres.createDatabase()
        let store = PostgresOutboxStore(url: database, maximumConnections: 2)
        try await store.prepare()
        let plans = try await TestPostgres.admin(database) { client in
            try await Self.queueOfFiveThousand(client)
            return try await client.withConnection { connection in
                var plans: [[String]] = []
                // The states the worker claims, and the one this queue is full of. (For states few jobs
                // are in, the planner rightly prefers the v1 index by state: it reads only those.)
                for wanted in [JobState.pending, [.received]] {
                    plans.append(try await Self.claimPlan(on: connection, wanted: wanted, limit: 16))
                }
                return plans
            }
        }
        for plan in plans {
            #expect(plan.contains { $0.contains("certbridge_jobs_pending") }, "\(plan.joined(separator: "\n"))")
            #expect(!plan.contains { $0.contains("Sort") }, "\(plan.joined(separator: "\n"))")
        }
        let claimed = try await store.claimDue(owner: "w", now: Date(), limit: 2, lease: .seconds(60), states: Set(JobState.pending))
        #expect(claimed.map(\.sourceId) == ["c4999", "c4998"])
        await store.shutdown()
        await TestPostgres.dropDatabase(database)
    }

    @Test("a credential's statements are prepared on the connection, and keep working after a later version adds columns")
    func preparedStatements() async throws {
        let database = try await TestPostgres.createDatabase()
        // One connection: the statements this test asks about are on the session it asks.
        let store = PostgresOutboxStore(url: database, maximumConnections: 1)
        try await store.prepare()
        _ = try await store.record(event: envelope("ev1", credential: "c1"), now: t0)
        _ = try await LifecycleContract.deliver(store, sourceId: "c1", vcId: "urn:vc:c1", revision: 0, slots: [], digest: "d0")
        // A new revision: its delivery looks up the revisions it supersedes.
        #expect(try await store.record(event: envelope("ev2", credential: "c1", type: "credential.updated"), now: t0)
            == .reconciling(jobId: 1))
        _ = try await LifecycleContract.deliver(store, sourceId: "c1", vcId: "urn:vc:c1-r1", revision: 1, slots: [], digest: "d1")
        // A newer instance's migration adds columns while this one runs (a rolling upgrade). A prepared
        // statement whose result columns changed would fail on this connection until it closed.
        try await TestPostgres.admin(database) { client in
            for table in ["certbridge_events", "certbridge_jobs", "certbridge_issued", "certbridge_audit"] {
                try await client.query(PostgresQuery(unsafeSQL: "ALTER TABLE \(table) ADD COLUMN added_later TEXT"))
            }
        }
        #expect(try await store.record(event: envelope("ev3", credential: "c1", type: "credential.updated"), now: t0)
            == .reconciling(jobId: 1))
        _ = try await LifecycleContract.deliver(store, sourceId: "c1", vcId: "urn:vc:c1-r2", revision: 2, slots: [], digest: "d2")
        // Revision 2 found revision 1 through the same prepared history query and superseded it
        // (without a status entry, a revision can only be marked, not revoked).
        let history = try await store.issued(matching: "c1")
        #expect(history.map(\.vcId) == ["urn:vc:c1-r2", "urn:vc:c1-r1", "urn:vc:c1"])
        #expect(history.map(\.state) == [.active, .unrevocable, .unrevocable])
        let prepared = try await store.client.withConnection { connection in
            var names: Set<String> = []
            let rows = try await connection.query("SELECT name FROM pg_prepared_statements", logger: Self.logger)
            for try await name in rows.decode(String.self) { names.insert(name) }
            return names
        }
        // The statements of the path above: a first event, a delivered save, events for the delivered
        // job, and delivered revisions that supersede the one before.
        let credentialPath = [
            FirstEventStatement.name, InsertEventStatement.name, FirstDeliveryStatement.name, SaveJobStatement.name,
            IssueStatement.name, LinkEventStatement.name, OlderIssuedStatement.name, InsertAuditStatement.name,
            ClaimStatement.name,
        ]
        #expect(prepared.isSuperset(of: credentialPath), "\(prepared.sorted())")
        await store.shutdown()
        await TestPostgres.dropDatabase(database)
    }

    @Test("an event recorded before creates no job through the first event's statement, even when its credential has none")
    func firstEventOfAKnownEvent() async throws {
        let database = try await TestPostgres.createDatabase()
        let store = PostgresOutboxStore(url: database, maximumConnections: 2)
        try await store.prepare()
        // As another instance's transaction leaves it between its two inserts: the event row, no job yet.
        try await TestPostgres.admin(database) { client in
            try await client.query(
                "INSERT INTO certbridge_events (id, type, source_id, received_at) VALUES ('ev1', 'credential.created', 'c1', now())")
        }
        #expect(try await store.record(event: envelope("ev1", credential: "c1"), now: t0) == .duplicateEvent)
        #expect(try await store.jobs(state: nil, limit: 10).isEmpty)
        // The statement checks for the event first; were that check gone, the event's primary key
        // would refuse the insert and undo the job with it, and the store would report the same
        // (checked: the test fails only without both).
        let next = try await store.record(event: envelope("ev2", credential: "c1"), now: t0)
        #expect(next == .enqueued(jobId: try #require(try await store.jobs(state: nil, limit: 10).first?.id)))
        await store.shutdown()
        await TestPostgres.dropDatabase(database)
    }

    @Test("a first delivery saved by an instance that lost its lease writes no history and no audit line")
    func firstDeliveryWithoutTheLease() async throws {
        let database = try await TestPostgres.createDatabase()
        let store = PostgresOutboxStore(url: database, maximumConnections: 2)
        try await store.prepare()
        _ = try await store.record(event: envelope("ev1", credential: "c1"), now: t0)
        var job = try #require(try await store.claimDue(owner: "W", now: t0, limit: 1, lease: .seconds(30), states: Set(JobState.pending)).first)
        // Another instance took the job over (W was declared dead).
        let jobId = job.id
        try await TestPostgres.admin(database) { client in
            try await client.query("UPDATE certbridge_jobs SET lease_owner = 'V' WHERE id = \(jobId)")
        }
        job.vc = ["id": "urn:vc:c1"]
        job.vcId = "urn:vc:c1"
        job.state = .delivered
        job.deliveredAt = t0
        #expect(FirstDeliveryStatement.fits(job))
        #expect(try await store.save(job, owner: "W", keepLease: false, now: t0, lease: .seconds(30)) == false)
        #expect(try await store.issued(matching: "c1").isEmpty)
        #expect(try await store.auditTrail(subject: "c1", limit: 10).isEmpty)
        #expect(try await store.job(id: job.id)?.state == .received)
        await store.shutdown()
        await TestPostgres.dropDatabase(database)
    }

    @Test("a claim keeps to the partial index when the planner's estimates favour sorting the queue")
    func claimPlanUnderMisestimates() async throws {
        let database = try await TestPostgres.createDatabase()
        let store = PostgresOutboxStore(url: database, maximumConnections: 2)
        try await store.prepare()
        // Stale statistics in a burst made the planner sort every pending job for each claim; costly
        // index pages and a large claim stand in for such misestimates here, deterministically.
        let plans = try await TestPostgres.admin(database) { client in
            try await Self.queueOfFiveThousand(client)
            var plans: [[String]] = []
            for (withSetting, generic) in [(false, false), (true, false), (true, true)] {
                plans.append(
                    try await client.withTransaction(logger: Self.logger) { connection in
                        try await connection.query("SET LOCAL random_page_cost = 1000", logger: Self.logger)
                        if withSetting {
                            try await connection.query(
                                PostgresQuery(unsafeSQL: "SET LOCAL " + PostgresOutboxStore.claimPlanSetting), logger: Self.logger)
                        }
                        return generic
                            ? try await Self.genericClaimPlan(on: connection, wanted: JobState.pending, limit: 2_000)
                            : try await Self.claimPlan(on: connection, wanted: JobState.pending, limit: 2_000)
                    })
            }
            return plans
        }
        // Without the store's setting these costs do make the planner sort the queue …
        #expect(plans[0].contains { $0.contains("Sort") }, "\(plans[0].joined(separator: "\n"))")
        // … with it, the claim walks the partial index and stops after its limit.
        #expect(plans[1].contains { $0.contains("certbridge_jobs_pending") }, "\(plans[1].joined(separator: "\n"))")
        #expect(!plans[1].contains { $0.contains("Sort") }, "\(plans[1].joined(separator: "\n"))")
        // The function's PL/pgSQL may keep a generic plan (no parameter values) after five calls: it too
        // walks the partial index.
        #expect(plans[2].contains { $0.contains("certbridge_jobs_pending") }, "\(plans[2].joined(separator: "\n"))")
        #expect(!plans[2].contains { $0.contains("Sort") }, "\(plans[2].joined(separator: "\n"))")
        // The store's claim is `certbridge_claim`, which runs with that setting.
        let functionSettings = try await TestPostgres.admin(database) { client in
            var settings: [String] = []
            for try await row in try await client.query(
                "SELECT unnest(proconfig) FROM pg_proc WHERE proname = 'certbridge_claim'", logger: Self.logger
            ).decode(String.self) {
                settings.append(row)
            }
            return settings
        }
        #expect(functionSettings == [PostgresOutboxStore.claimPlanSetting.replacingOccurrences(of: " ", with: "")])
        let claimed = try await store.claimDue(owner: "w", now: Date(), limit: 3, lease: .seconds(60), states: Set(JobState.pending))
        #expect(claimed.map(\.sourceId) == ["c4999", "c4998", "c4997"])
        await store.shutdown()
        await TestPostgres.dropDatabase(database)
    }

    private static let logger = Logger(label: "claim-plan")

    /// 5,000 jobs due one second apart (`c5000` oldest), every tenth delivered, with fresh statistics:
    /// a queue whose full sort the planner would not choose if it had the index, and would have to without it.
    private static func queueOfFiveThousand(_ client: PostgresClient) async throws {
        try await client.query(
            """
            INSERT INTO certbridge_jobs (source_id, state, next_attempt_at, created_at, updated_at)
            SELECT 'c' || n, CASE WHEN n % 10 = 0 THEN 'delivered' ELSE 'received' END,
                now() - make_interval(secs => n), now(), now()
            FROM generate_series(1, 5000) AS n
            """)
        try await client.query("ANALYZE certbridge_jobs")
    }

    /// The lines of `EXPLAIN` for the store's claim as a generic plan (as a PL/pgSQL function may
    /// cache it), on `connection` with its settings, inside a transaction.
    private static func genericClaimPlan(on connection: PostgresConnection, wanted: [JobState], limit: Int) async throws -> [String] {
        try await connection.query("SET LOCAL plan_cache_mode = force_generic_plan", logger: logger)
        try await connection.query(
            PostgresQuery(
                unsafeSQL: "PREPARE generic_claim (TEXT, TIMESTAMPTZ, BIGINT, DOUBLE PRECISION, TEXT[]) AS \(PostgresOutboxStore.claimSQL)"),
            logger: logger)
        let states = wanted.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        var lines: [String] = []
        let rows = try await connection.query(
            PostgresQuery(unsafeSQL: "EXPLAIN EXECUTE generic_claim ('w', now(), \(limit), 60, ARRAY[\(states)])"), logger: logger)
        for try await line in rows.decode(String.self) { lines.append(line) }
        try await connection.query("DEALLOCATE generic_claim", logger: logger)
        return lines
    }

    /// The lines of `EXPLAIN` for the store's claim, on `connection` with its settings.
    private static func claimPlan(on connection: PostgresConnection, wanted: [JobState], limit: Int) async throws -> [String] {
        var bindings = PostgresBindings(capacity: 5)
        bindings.append("w")
        bindings.append(Date())
        bindings.append(Int64(limit))
        bindings.append(60.0)
        bindings.append(wanted.map(\.rawValue))
        let query = PostgresQuery(unsafeSQL: "EXPLAIN " + PostgresOutboxStore.claimSQL, binds: bindings)
        var lines: [String] = []
        for try await line in try await connection.query(query, logger: logger).decode(String.self) { lines.append(line) }
        return lines
    }

    @Test("instances starting together migrate once; the schema is versioned and a restart changes nothing")
    func migration() async throws {
        let database = try await TestPostgres.createDatabase()
        let stores = (0..<4).map { _ in PostgresOutboxStore(url: database, maximumConnections: 2) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for store in stores { group.addTask { try await store.prepare() } }
            try await group.waitForAll()
        }
        _ = try await stores[0].record(event: envelope("ev1", credential: "c1"), now: t0)
        let restarted = PostgresOutboxStore(url: database, maximumConnections: 2)
        try await restarted.prepare()
        #expect(try await restarted.jobs(state: nil, limit: 10).map(\.sourceId) == ["c1"])
        let versions = try await TestPostgres.admin(database) { client in
            var versions: [Int] = []
            for try await version in try await client.query("SELECT version FROM certbridge_schema ORDER BY version")
                .decode(Int.self)
            {
                versions.append(version)
            }
            return versions
        }
        #expect(versions == [1, 2, 3, 4, 5, 6])
        for store in stores + [restarted] { await store.shutdown() }
        await TestPostgres.dropDatabase(database)
    }

    @Test("a database at schema version 1 is migrated: its delivered VCs become revision 0 of the history")
    func migrationFromVersion1() async throws {
        let database = try await TestPostgres.createDatabase()
        // Version 1 as instances of that version left it (its state check knew no `deleted`),
        // with one delivered and one pending job.
        try await TestPostgres.admin(database) { client in
            for statement in Self.version1 { try await client.query(PostgresQuery(unsafeSQL: statement)) }
            try await client.query(
                """
                INSERT INTO certbridge_jobs (source_id, event_id, state, next_attempt_at, vc, vc_id, profile,
                    wallet_record_id, created_at, updated_at, delivered_at)
                VALUES ('c1', 'ev1', 'delivered', \(t0), '{"id":"urn:vc:c1"}', 'urn:vc:c1', 'course', 'w-1', \(t0), \(t0),
                    \(t0.addingTimeInterval(60)))
                """)
            try await client.query(
                """
                INSERT INTO certbridge_jobs (source_id, event_id, state, next_attempt_at, created_at, updated_at)
                VALUES ('c2', 'ev2', 'received', \(t0), \(t0), \(t0))
                """)
        }
        let store = PostgresOutboxStore(url: database, maximumConnections: 2)
        try await store.prepare()
        let versions = try await TestPostgres.admin(database) { client in
            var versions: [Int] = []
            for try await version in try await client.query("SELECT version FROM certbridge_schema ORDER BY version")
                .decode(Int.self)
            {
                versions.append(version)
            }
            return versions
        }
        #expect(versions == [1, 2, 3, 4, 5, 6])

        let adopted = IssuedCredential(
            vcId: "urn:vc:c1", sourceId: "c1", revision: 0, profile: "course", claimsDigest: nil,
            issuedAt: t0.addingTimeInterval(60), state: .active, slots: [])
        #expect(try await store.issued(matching: "c1") == [adopted])
        #expect(try await store.issued(matching: "urn:vc:c1") == [adopted])
        let jobs = try await store.jobs(state: nil, limit: 10)
        let delivered = try #require(jobs.first { $0.sourceId == "c1" })
        #expect(delivered.state == .delivered && delivered.revision == 0 && delivered.statusSlots.isEmpty)
        #expect(delivered.lastIssued == IssuedSummary(vcId: "urn:vc:c1", revision: 0, claimsDigest: nil, sourceDigest: nil))
        #expect(jobs.first { $0.sourceId == "c2" }?.lastIssued == nil)
        #expect(try await store.issued(matching: "c2").isEmpty)
        // The adopted VC is what a new event reconciles with, and the replaced state check admits `deleted`.
        #expect(try await store.record(event: envelope("ev3", credential: "c1", type: "credential.updated"), now: t0)
            == .reconciling(jobId: delivered.id))
        var pending = try #require(try await store.claimDue(owner: "W", now: t0, limit: 10, lease: .seconds(30)).first { $0.sourceId == "c2" })
        pending.state = .deleted
        #expect(try await store.save(pending, owner: "W", keepLease: false, now: t0, lease: .seconds(30)))
        #expect(try await store.job(id: pending.id)?.state == .deleted)
        await store.shutdown()
        await TestPostgres.dropDatabase(database)
    }

    /// Migration 1 as it ran before version 2 existed, and its bookkeeping.
    static let version1 = [
        """
        CREATE TABLE certbridge_jobs (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            source_id TEXT NOT NULL CONSTRAINT certbridge_jobs_source_id_key UNIQUE,
            event_id TEXT,
            state TEXT NOT NULL CONSTRAINT certbridge_jobs_state_check
                CHECK (state IN ('received', 'fetched', 'signed', 'delivered', 'dead', 'no-match')),
            attempts BIGINT NOT NULL DEFAULT 0,
            next_attempt_at TIMESTAMPTZ NOT NULL,
            last_error TEXT,
            credential TEXT,
            vc TEXT,
            vc_id TEXT CONSTRAINT certbridge_jobs_vc_id_key UNIQUE,
            profile TEXT,
            wallet_record_id TEXT,
            lease_owner TEXT,
            lease_until TIMESTAMPTZ,
            created_at TIMESTAMPTZ NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL,
            delivered_at TIMESTAMPTZ
        )
        """,
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
        "CREATE TABLE certbridge_schema (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
        "INSERT INTO certbridge_schema (version) VALUES (1)",
    ]

    @Test("every table has the same columns as in SQLite, under the certbridge_ prefix")
    func sameColumnsAsSQLite() async throws {
        let tables = ["jobs", "events", "issued", "status_lists", "audit", "cursors", "owners"]
        let sqlite = try TemporaryOutbox()
        defer { sqlite.remove() }
        _ = try sqlite.open()
        let queue = try DatabaseQueue(path: sqlite.path)
        let expected = try await queue.read { db in
            try tables.map { table in try db.columns(in: table).map(\.name).sorted() }
        }
        try queue.close()
        let database = try await TestPostgres.createDatabase()
        let store = PostgresOutboxStore(url: database, maximumConnections: 1)
        try await store.prepare()
        let actual = try await TestPostgres.admin(database) { client in
            var columns: [[String]] = []
            for table in tables {
                var names: [String] = []
                let rows = try await client.query(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = \("certbridge_" + table)")
                for try await name in rows.decode(String.self) { names.append(name) }
                columns.append(names.sorted())
            }
            return columns
        }
        #expect(actual == expected)
        await store.shutdown()
        await TestPostgres.dropDatabase(database)
    }

    @Test("instances filling lists at once roll over without sharing an index or skipping a list")
    func concurrentRollover() async throws {
        try await OutboxFixture.with(.postgres) { outbox in
            let stores = [try outbox.open(), try outbox.open(), try outbox.open()]
            let slots = try await withThrowingTaskGroup(of: [StatusSlot].self) { group in
                for store in stores {
                    group.addTask {
                        var mine: [StatusSlot] = []
                        for _ in 0..<10 {
                            mine += try await store.reserveStatusIndexes(
                                LifecycleContract.family, count: 35, listEntries: 100, now: t0)
                        }
                        return mine
                    }
                }
                var all: [StatusSlot] = []
                for try await part in group { all += part }
                return all
            }
            #expect(Set(slots).count == 1050)
            let byList = Dictionary(grouping: slots, by: \.list)
            #expect(Set(byList.keys) == Set((1...11).map { "courses-revocation-\($0)" }))
            #expect(byList.filter { $0.value.count != 100 }.keys.sorted() == ["courses-revocation-11"])
        }
    }

    @Test("instances publishing at once: one signs, the others skip the round")
    func onePublisher() async throws {
        try await OutboxFixture.with(.postgres) { outbox in
            let first = try outbox.open()
            let second = try outbox.open()
            _ = try await first.reserveStatusIndexes(LifecycleContract.family, count: 1, listEntries: 100, now: t0)
            let rule = StatusPublicationRule(validity: .seconds(600), renewBefore: .seconds(300))
            let signing = DispatchSemaphore(value: 0)
            let release = DispatchSemaphore(value: 0)
            // The signer blocks while it holds the lock, so it runs off the concurrency pool.
            let publishing = Task(executorPreference: DedicatedThreadExecutor()) {
                try await first.publishStatusLists(now: t0, rule: rule) { record, _ in
                    signing.signal()
                    _ = release.wait(timeout: .now() + 30)
                    return "{\"id\":\"\(record.slug)\"}"
                }
            }
            // Waits off the cooperative pool, which the blocked signer already holds a thread of.
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    signing.wait()
                    continuation.resume()
                }
            }
            let skipped = try await second.publishStatusLists(now: t0, rule: rule) { _, _ in "{}" }
            release.signal()
            #expect(skipped.skipped && skipped.signed.isEmpty)
            #expect(try await publishing.value.signed.count == 1)
            #expect(try await second.publishStatusLists(now: t0, rule: rule) { _, _ in "{}" }.signed.isEmpty)
        }
    }

    @Test("the database itself refuses a second job with the same VC id, credential id or envelope id")
    func constraints() async throws {
        let database = try await TestPostgres.createDatabase()
        let store = PostgresOutboxStore(url: database, maximumConnections: 2)
        try await store.prepare()
        let states = try await TestPostgres.admin(database) { client in
            var states: [String?] = []
            let statements: [PostgresQuery] = [
                """
                INSERT INTO certbridge_jobs (source_id, state, next_attempt_at, vc_id, created_at, updated_at)
                VALUES ('c1', 'signed', now(), 'urn:vc:1', now(), now())
                """,
                """
                INSERT INTO certbridge_jobs (source_id, state, next_attempt_at, vc_id, created_at, updated_at)
                VALUES ('c2', 'signed', now(), 'urn:vc:1', now(), now())
                """,
                """
                INSERT INTO certbridge_jobs (source_id, state, next_attempt_at, created_at, updated_at)
                VALUES ('c1', 'received', now(), now(), now())
                """,
                "INSERT INTO certbridge_events (id, type, received_at) VALUES ('ev1', 'credential.created', now())",
                "INSERT INTO certbridge_events (id, type, received_at) VALUES ('ev1', 'credential.created', now())",
                """
                INSERT INTO certbridge_jobs (source_id, state, next_attempt_at, created_at, updated_at)
                VALUES ('c3', 'lost', now(), now(), now())
                """,
            ]
            for statement in statements {
                do {
                    try await client.query(statement)
                    states.append(nil)
                } catch let error as PSQLError {
                    states.append(error.serverInfo?[.sqlState])
                }
            }
            return states
        }
        // 23505 unique_violation, 23514 check_violation (a state the gateway does not know).
        #expect(states == [nil, "23505", "23505", nil, "23505", "23514"])
        await store.shutdown()
        await TestPostgres.dropDatabase(database)
    }

    @Test("a wrong password is reported with the database's address and SQLSTATE, never the password")
    func wrongPassword() async throws {
        let server = try #require(TestPostgres.url)
        var wrong = server
        wrong.password = Secret("not-the-Password-42")
        let store = PostgresOutboxStore(url: wrong, maximumConnections: 1)
        let error = await #expect(throws: OutboxError.self) { try await store.counts() }
        let text = try #require(error).description
        #expect(text.contains("28P01"), "\(text)")  // invalid_password
        #expect(text.contains("\(server.host):\(server.port)"), "\(text)")
        #expect(!text.contains("not-the-Password-42"))
        if let real = server.password?.value { #expect(!text.contains(real)) }
        await store.shutdown()
    }
}
