import DeliveryPostgres
import Foundation
import Logging
import PostgresNIO
import Testing

/// The PostgreSQL server the PostgreSQL tests use: `CERTBRIDGE_TEST_POSTGRES_URL` names a role that may
/// create databases (CI starts one with `scripts/postgres-test-cluster.sh start`). Each test gets a
/// database of its own and drops it afterwards, so tests run in parallel against one server.
enum TestPostgres {
    static let variable = "CERTBRIDGE_TEST_POSTGRES_URL"

    /// The server, when configured.
    static let url: PostgresURL? = ProcessInfo.processInfo.environment[variable].flatMap { try? PostgresURL($0) }

    /// Whether the PostgreSQL tests can run.
    static var isConfigured: Bool { url != nil }

    /// Shown by `swift test` for every skipped PostgreSQL test.
    static let skipReason: Comment = """
        PostgreSQL tests skipped: CERTBRIDGE_TEST_POSTGRES_URL is not set (or not a postgres:// URL). \
        Run `eval "$(scripts/postgres-test-cluster.sh start)"` first to start a throwaway server on 127.0.0.1.
        """

    /// Creates an empty database and returns its URL.
    static func createDatabase() async throws -> PostgresURL {
        let server = try #require(url, skipReason)
        let name = "certbridge_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await admin(server) { client in
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        }
        return server.with(database: name)
    }

    /// Drops a database made by ``createDatabase()``, closing any connection still open to it.
    static func dropDatabase(_ database: PostgresURL) async {
        guard let server = url else { return }
        try? await admin(server) { client in
            try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(database.database) WITH (FORCE)"))
        }
    }

    /// Runs `body` with a short-lived client on `url`'s maintenance database.
    static func admin<T: Sendable>(_ url: PostgresURL, _ body: @Sendable (PostgresClient) async throws -> T) async throws
        -> T
    {
        let client = PostgresClient(configuration: url.clientConfiguration)
        let runner = Task { await client.run() }
        defer { runner.cancel() }
        return try await body(client)
    }
}

@Suite("PostgreSQL test server")
struct TestPostgresGuardTests {
    @Test(
        "CI that asks for the PostgreSQL tests has a server for them",
        .enabled(if: ProcessInfo.processInfo.environment["CERTBRIDGE_REQUIRE_POSTGRES_TESTS"] == "1"))
    func serverIsThere() async throws {
        let url = try #require(TestPostgres.url, "CERTBRIDGE_REQUIRE_POSTGRES_TESTS=1 but \(TestPostgres.variable) is unset")
        let one = try await TestPostgres.admin(url) { client in
            var values: [Int] = []
            for try await value in try await client.query("SELECT 1").decode(Int.self) { values.append(value) }
            return values
        }
        #expect(one == [1])
    }
}
