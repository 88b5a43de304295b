import Certifier
import OutboxPostgres
import Testing
import Secrets

@Suite("PostgreSQL URL")
struct PostgresURLTests {
    @Test("libpq defaults: port 5432, database named like the user, sslmode prefer; percent escapes decoded")
    func defaults() throws {
        let url = try PostgresURL("postgres://gate%40way:p%2Fss%3Aword@db.example.org")
        #expect(url.host == "db.example.org")
        #expect(url.port == 5432)
        #expect(url.username == "gate@way")
        #expect(url.password == Secret("p/ss:word"))
        #expect(url.database == "gate@way")
        #expect(url.tls == .prefer)
    }

    @Test("query parameters: a Unix socket directory, port, sslmode")
    func parameters() throws {
        let url = try PostgresURL("postgresql:///outbox?host=/run/postgresql&port=5433&user=certbridge&sslmode=disable")
        #expect(url.host == "/run/postgresql")
        #expect(url.port == 5433)
        #expect(url.database == "outbox")
        #expect(url.tls == .disable)
        #expect(url.clientConfiguration.unixSocketPath == "/run/postgresql/.s.PGSQL.5433")
        #expect(url.description == "postgres://certbridge@/outbox?host=/run/postgresql")
    }

    @Test("the password never shows in description, debugDescription or an error")
    func redaction() throws {
        let url = try PostgresURL("postgres://certbridge:Very-S3cret@127.0.0.1:6000/outbox?sslmode=require")
        #expect(url.description == "postgres://certbridge@127.0.0.1:6000/outbox")
        #expect(!String(reflecting: url).contains("S3cret"))
        #expect(!"\(url)".contains("S3cret"))
        for text in ["postgres://u:Very-S3cret@h/db?sslmode=maybe", "mysql://u:Very-S3cret@h/db", "postgres://:Very-S3cret@h/db"] {
            let error = try #require(throws: PostgresURLError.self) { try PostgresURL(text) }
            #expect(!error.description.contains("S3cret"), "\(error)")
        }
    }

    @Test("refusals name the part at fault")
    func refusals() {
        #expect(throws: PostgresURLError.scheme("mysql")) { try PostgresURL("mysql://u@h/db") }
        #expect(throws: PostgresURLError.missing("host")) { try PostgresURL("postgres:///db?user=u") }
        #expect(throws: PostgresURLError.missing("user name")) { try PostgresURL("postgres://h/db") }
        #expect(throws: PostgresURLError.parameter("application_name", "is not supported (known: dbname, host, password, port, sslmode, user)")) {
            try PostgresURL("postgres://u@h/db?application_name=x")
        }
        #expect(throws: PostgresURLError.parameter("database", "must be a single name after the host")) {
            try PostgresURL("postgres://u@h/db/extra")
        }
    }
}
