import Foundation
import GRDB
import Outbox
import Testing

/// `SQLiteStoreBackup`'s checks and its restore rules (the process test in GatewayTests backs up
/// under a running `serve`).
@Suite("SQLite store backup and restore")
final class SQLiteStoreBackupTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// Each test's stores and backups go with it (Swift Testing makes one instance per test).
    deinit { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A store with one revocation list of which three indexes are taken.
    func storeWithList() async throws -> SQLiteOutboxStore {
        let store = try SQLiteOutboxStore(path: path("outbox.sqlite"))
        _ = try await store.reserveStatusIndexes(LifecycleContract.family, count: 3, listEntries: 64, now: Date())
        return store
    }

    @Test("a backup is mode 0600 and never replaces FILE without force")
    func noOverwriteWithoutForce() async throws {
        _ = try await storeWithList()
        let file = path("copy.sqlite")
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: file))
        #expect(throws: StoreBackupError.fileExists(path: file)) {
            try SQLiteStoreBackup.backup(storePath: path("outbox.sqlite"), to: file, force: false)
        }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "keep me")
        let summary = try SQLiteStoreBackup.backup(storePath: path("outbox.sqlite"), to: file, force: true)
        #expect(summary.statusLists == 1)
        #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)
    }

    @Test("restore refuses a file written by a newer schema, and leaves the store alone")
    func newerSchemaRefused() async throws {
        _ = try await storeWithList()
        let file = path("copy.sqlite")
        _ = try SQLiteStoreBackup.backup(storePath: path("outbox.sqlite"), to: file, force: false)
        let copy = try DatabaseQueue(path: file)
        try await copy.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')") }
        try copy.close()
        #expect {
            try SQLiteStoreBackup.restore(backup: file, into: path("outbox.sqlite"))
        } throws: { error in
            guard case .newerSchema(_, let unknown, _) = error as? StoreBackupError else { return false }
            return unknown == ["v99-future"]
        }
    }

    @Test("restore refuses a file that is not a certbridge store")
    func notAStoreRefused() throws {
        let file = path("notes.txt")
        try Data("not a database at all, just text that is long enough".utf8).write(to: URL(fileURLWithPath: file))
        #expect {
            try SQLiteStoreBackup.restore(backup: file, into: path("outbox.sqlite"))
        } throws: { error in
            if case .notAStore = error as? StoreBackupError { return true }
            return false
        }
        #expect(!FileManager.default.fileExists(atPath: path("outbox.sqlite")))
    }

    @Test("restore over a lost store skips list numbers the lost store may have opened after the backup")
    func lostStoreSkipsListNumbers() async throws {
        _ = try await storeWithList()
        let file = path("copy.sqlite")
        _ = try SQLiteStoreBackup.backup(storePath: path("outbox.sqlite"), to: file, force: false)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path("outbox.sqlite") + suffix) }
        let summary = try SQLiteStoreBackup.restore(backup: file, into: path("outbox.sqlite"), skipLists: 8)
        #expect(!summary.mergedReplacedStore)
        let restored = try SQLiteOutboxStore(path: path("outbox.sqlite"))
        let slot = try #require(
            try await restored.reserveStatusIndexes(LifecycleContract.family, count: 1, listEntries: 64, now: Date()).first)
        #expect(slot.list == "courses-revocation-10")
    }

    @Test("restore over a readable store keeps the indexes it took after the backup")
    func replacedStoreIndexesStayTaken() async throws {
        let store = try await storeWithList()
        let file = path("copy.sqlite")
        _ = try SQLiteStoreBackup.backup(storePath: path("outbox.sqlite"), to: file, force: false)
        // After the backup: the rest of list 1 and part of list 2.
        let late = try await store.reserveStatusIndexes(LifecycleContract.family, count: 70, listEntries: 64, now: Date())
        let summary = try SQLiteStoreBackup.restore(backup: file, into: path("outbox.sqlite"))
        #expect(summary.mergedReplacedStore && summary.listsKeptFromReplacedStore == 1)
        let restored = try SQLiteOutboxStore(path: path("outbox.sqlite"))
        let fresh = try await restored.reserveStatusIndexes(LifecycleContract.family, count: 64, listEntries: 64, now: Date())
        #expect(Set(fresh.map(\.list)) == ["courses-revocation-3"])
        #expect(Set(late.map(\.list)).isDisjoint(with: fresh.map(\.list)))
    }
}
