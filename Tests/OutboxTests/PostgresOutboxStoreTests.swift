import Certifier
import Outbox
import OutboxPostgres
import Foundation
import PostgresTestSupport
import PostgresNIO
import Testing
import Secrets

@Suite("PostgreSQL outbox store", .enabled(if: TestPostgres.isConfigured, Comment(rawValue: TestPostgres.skipReason)))
struct PostgresOutboxStoreTests {
    @Test("the outbox contract holds", arguments: OutboxContract.allCases)
    func contract(_ rule: OutboxContract) async throws {
        try await rule.check(.postgres)
    }

    @Test("several instances over one database", arguments: InstanceScenario.allCases)
    func instances(_ scenario: InstanceScenario) async throws {
        try await scenario.play(.postgres)
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
        #expect(versions == [1])
        for store in stores + [restarted] { await store.shutdown() }
        await TestPostgres.dropDatabase(database)
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
