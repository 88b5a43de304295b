import OutboxPostgres
import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL server the PostgreSQL tests use: `CERTBRIDGE_TEST_POSTGRES_URL` names a role that may
/// create databases (CI starts one with `scripts/postgres-test-cluster.sh start`). Each test gets a
/// database of its own and drops it afterwards, so tests run in parallel against one server.
public enum TestPostgres {
    /// The environment variable naming the server.
    public static let variable = "CERTBRIDGE_TEST_POSTGRES_URL"

    /// The server, when configured.
    public static let url: PostgresURL? = ProcessInfo.processInfo.environment[variable].flatMap { try? PostgresURL($0) }

    /// Whether the PostgreSQL tests can run.
    public static var isConfigured: Bool { url != nil }

    /// Shown by `swift test` for every skipped PostgreSQL test.
    public static let skipReason = """
        PostgreSQL tests skipped: CERTBRIDGE_TEST_POSTGRES_URL is not set (or not a postgres:// URL). \
        Run `eval "$(scripts/postgres-test-cluster.sh start)"` first to start a throwaway server on 127.0.0.1.
        """

    /// Creates an empty database and returns its URL.
    public static func createDatabase() async throws -> PostgresURL {
        guard let server = url else { throw TestPostgresError.notConfigured }
        let name = "certbridge_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await admin(server) { client in
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        }
        return server.with(database: name)
    }

    /// The configured server's URL text (password included) pointing at `database`, for a secret file.
    public static func urlText(for database: PostgresURL) -> String? {
        guard let text = ProcessInfo.processInfo.environment[variable], var components = URLComponents(string: text)
        else { return nil }
        components.path = "/" + database.database
        return components.string
    }

    /// Drops a database made by ``createDatabase()``, closing any connection still open to it.
    public static func dropDatabase(_ database: PostgresURL) async {
        guard let server = url else { return }
        try? await admin(server) { client in
            try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(database.database) WITH (FORCE)"))
        }
    }

    /// Runs `body` with a short-lived client on `url`'s maintenance database.
    public static func admin<T: Sendable>(_ url: PostgresURL, _ body: @Sendable (PostgresClient) async throws -> T) async throws
        -> T
    {
        let client = PostgresClient(configuration: url.clientConfiguration)
        let runner = Task { await client.run() }
        defer { runner.cancel() }
        return try await body(client)
    }
}

/// The tests asked for a database, but no server is configured.
public enum TestPostgresError: Error, CustomStringConvertible {
    /// `CERTBRIDGE_TEST_POSTGRES_URL` is unset.
    case notConfigured

    /// The skip reason.
    public var description: String { TestPostgres.skipReason }
}
