import OutboxPostgres
import Foundation
import PostgresNIO
import PostgresTestSupport
import Testing

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
