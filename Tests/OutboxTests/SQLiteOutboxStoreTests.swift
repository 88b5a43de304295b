import Outbox
import Foundation
import Testing

@Suite("SQLite outbox store")
struct SQLiteOutboxStoreTests {
    @Test("the outbox contract holds", arguments: OutboxContract.allCases)
    func contract(_ rule: OutboxContract) async throws {
        try await rule.check(.sqlite)
    }

    @Test("the lifecycle contract holds", arguments: LifecycleContract.allCases)
    func lifecycle(_ rule: LifecycleContract) async throws {
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
}
