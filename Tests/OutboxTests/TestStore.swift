import Certifier
import Outbox
import OutboxPostgres
import Foundation
import PostgresTestSupport
import NIOConcurrencyHelpers
import ServeRig
import Testing

/// Which outbox implementation a shared test runs against.
enum StoreKind: String, Sendable {
    case sqlite
    case postgres
}

/// An empty outbox of either kind. Every ``open()`` is a new store over the same data: for SQLite
/// another handle on the file, for PostgreSQL another connection pool, i.e. another gateway instance.
final class OutboxFixture: Sendable {
    let kind: StoreKind
    private let sqlite: TemporaryOutbox?
    private let database: PostgresURL?
    private let opened = NIOLockedValueBox<[PostgresOutboxStore]>([])

    private init(kind: StoreKind, sqlite: TemporaryOutbox?, database: PostgresURL?) {
        self.kind = kind
        self.sqlite = sqlite
        self.database = database
    }

    /// Runs `body` over a new outbox and removes it afterwards, whatever happens.
    static func with<T>(_ kind: StoreKind, _ body: (OutboxFixture) async throws -> T) async throws -> T {
        let fixture: OutboxFixture
        switch kind {
        case .sqlite: fixture = OutboxFixture(kind: kind, sqlite: try TemporaryOutbox(), database: nil)
        case .postgres: fixture = OutboxFixture(kind: kind, sqlite: nil, database: try await TestPostgres.createDatabase())
        }
        do {
            let result = try await body(fixture)
            await fixture.remove()
            return result
        } catch {
            await fixture.remove()
            throw error
        }
    }

    /// Another store (instance) over this outbox.
    func open() throws -> any OutboxStore {
        if let sqlite { return try sqlite.open() }
        guard let database else { throw OutboxError.database("fixture has no database") }
        let store = PostgresOutboxStore(url: database, maximumConnections: 6)
        opened.withLockedValue { $0.append(store) }
        return store
    }

    /// Ends `store` the way `kill -9` ends a process: connections drop, nothing is saved or released.
    func kill(_ store: any OutboxStore) async {
        if let postgres = store as? PostgresOutboxStore { await postgres.shutdown() }
    }

    private func remove() async {
        sqlite?.remove()
        for store in opened.withLockedValue({ $0 }) { await store.shutdown() }
        if let database { await TestPostgres.dropDatabase(database) }
    }
}

/// A Certifier webhook's event as the outbox records it.
func envelope(_ id: String, credential: String, type: String = "credential.created") -> SourceEvent {
    WebhookEnvelope(id: id, type: type, resource: .init(id: credential, type: "credential")).sourceEvent
}

let t0 = Date(timeIntervalSince1970: 1_800_000_000)
