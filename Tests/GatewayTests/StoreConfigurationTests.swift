import Composition
import OutboxPostgres
import Foundation
import Gateway
import TestSupport
import Testing

@Suite("serve configuration: the outbox store")
struct StoreConfigurationTests {
    /// The example configuration with its `store:` section replaced.
    private func configuration(store: String) throws -> String {
        let text = try String(contentsOf: SharedVectors.repositoryFile("certbridge.example.yaml"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex(of: "store:"))
        let end = lines[(start + 1)...].firstIndex { !$0.hasPrefix(" ") && !$0.hasPrefix("#") && !$0.isEmpty } ?? lines.count
        return (lines[..<start] + store.split(separator: "\n").map(String.init) + lines[end...]).joined(separator: "\n")
    }

    @Test("store.postgres reads the URL from a secret reference; the password is kept as a secret and never printed")
    func postgres() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        var environment = exampleEnvironment
        environment["DATABASE_URL"] = "postgresql://gateway:pa%24%24-S3cret@db.internal:6543/outbox?sslmode=verify-full"
        let config = try fixture.parse(try configuration(store: "store:\n  postgres: ${DATABASE_URL}"), environment: environment)
        guard case .postgres(let url) = config.store else {
            Issue.record("expected a postgres store, got \(config.store)")
            return
        }
        #expect(url.host == "db.internal")
        #expect(url.port == 6543)
        #expect(url.username == "gateway")
        #expect(url.password?.value == "pa$$-S3cret")
        #expect(url.database == "outbox")
        #expect(url.tls == .verifyFull)
        #expect(config.store.description == "postgres postgres://gateway@db.internal:6543/outbox")
        #expect(!String(reflecting: config.store).contains("S3cret"))
    }

    @Test("a bad database URL is reported at its line and column without echoing it")
    func badURL() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        var environment = exampleEnvironment
        environment["DATABASE_URL"] = "mysql://gateway:S3cret-pw@db.internal/outbox"
        let text = try configuration(store: "store:\n  postgres: ${DATABASE_URL}")
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("${DATABASE_URL}") }) + 1
        let error = try #require(throws: ConfigurationError.self) { try fixture.parse(text, environment: environment) }
        #expect(
            error.description
                == "certbridge.yaml:\(line):13: store.postgres: the database URL is not usable: scheme must be postgres:// or postgresql://, got 'mysql'")
        #expect(!error.description.contains("S3cret-pw"))
    }

    @Test("a literal URL, both stores, or neither are configuration errors")
    func exactlyOneStore() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        let cases = [
            ("store:\n  postgres: postgres://u:literal-pw@h/db", "store.postgres: secrets must be given as ${ENV_NAME} or file:/path"),
            ("store:\n  sqlite: outbox.sqlite\n  postgres: ${DATABASE_URL}", "store: give either sqlite (one instance) or postgres"),
            ("store:\n  postgres: ${UNSET_URL}", "store.postgres: environment variable UNSET_URL is not set or empty"),
            ("store: {}", "store: missing sqlite: FILE or postgres: ${ENV_NAME}"),
        ]
        for (store, expected) in cases {
            var environment = exampleEnvironment
            environment["DATABASE_URL"] = "postgres://u:pw@h/db"
            let error = try #require(throws: ConfigurationError.self) {
                try fixture.parse(try configuration(store: store), environment: environment)
            }
            #expect(error.description.contains(expected), "\(error.description)")
            #expect(!error.description.contains("literal-pw"))
            #expect(error.problems.count == 1, "\(error.description)")
        }
    }

    @Test("the operator commands read only the store section, resolving the database URL")
    func operatorStoreSettings() throws {
        let fixture = try ConfigFixture()
        defer { fixture.remove() }
        let file = fixture.directory.appendingPathComponent("certbridge.yaml")
        try Data("store:\n  postgres: ${OUTBOX_URL}\n".utf8).write(to: file)
        let settings = try GatewayConfiguration.storeSettings(
            configurationFile: file.path, environment: ["OUTBOX_URL": "postgres://ops@127.0.0.1/certbridge?sslmode=disable"])
        #expect(settings == .postgres(try PostgresURL("postgres://ops@127.0.0.1:5432/certbridge?sslmode=disable")))
        #expect(throws: ConfigurationError.self) {
            try GatewayConfiguration.storeSettings(configurationFile: file.path, environment: [:])
        }
    }
}
