import Composition
import Foundation
import GRDB
import JSONCanonical
import Outbox
import ServeStandIns
import StatusList
import Testing
import TestSupport

/// `certbridge store backup` while `certbridge serve` delivers, then `store restore`: no status
/// index that left the gateway is handed out again, and no revocation is lost.
@Suite("store backup and restore through certbridge serve", .serialized)
struct StoreBackupProcessTests {
    /// Every (list, index) a VC the wallet received carries.
    static func carriedSlots(_ wallet: WalletStandIn) throws -> [String: Set<Int>] {
        var slots: [String: Set<Int>] = [:]
        for vc in wallet.stored.values {
            for entry in try StatusListEntry.entries(of: vc) {
                let list = String(entry.listCredential.split(separator: "/").last ?? "")
                slots[list, default: []].insert(entry.index)
            }
        }
        return slots
    }

    static func waitDelivered(_ store: SQLiteOutboxStore, _ wallet: WalletStandIn, count: Int) async throws {
        try await LifecycleProcessTests.waitFor("\(count) VCs are delivered") {
            try await store.counts()[.delivered] == count && wallet.stored.count == count
        }
    }

    @Test("backup during deliveries, more deliveries and a revocation, restore: every carried index stays taken, new VCs use new lists, revocations kept")
    func backupDuringDeliveriesThenRestore() async throws {
        let binary = try BuiltExecutable.url("certbridge")
        let profiles = try LifecycleProcessTests.profiles()
        defer { try? FileManager.default.removeItem(at: profiles) }
        // Slow imports keep deliveries in flight while the backup runs.
        let wallet = WalletStandIn(account: ServeHarness.secrets.walletAccount, importDelay: .milliseconds(150))
        // One index per reservation, so indexes handed out after the backup are not already in it.
        let extra = LifecycleProcessTests.extra.replacingOccurrences(of: "status:\n", with: "status:\n  block_size: 1\n")
        #expect(extra.contains("block_size: 1"))
        let harness = try await ServeHarness(wallet: wallet, profiles: profiles.path, extra: extra)
        defer { Task { await harness.stop() } }
        let config = ["--config", harness.configPath]
        let storePath = try GatewayConfiguration.storePath(configurationFile: harness.configPath)
        let backupFile = harness.directory.appendingPathComponent("backup.sqlite").path
        let before = (0..<4).map { "01bkpa\($0)" }
        let during = (0..<8).map { "01bkpb\($0)" }
        let afterRestore = (0..<4).map { "01bkpc\($0)" }
        for id in before + during + afterRestore { harness.certifier.put(tsgCredential(id)) }

        var serve = try await ServeProcess.start(binary: binary, config: harness.configPath)
        let store = try SQLiteOutboxStore(path: storePath)
        for id in before { #expect(try await serve.webhook.post(eventId: "ev-\(id)", credentialId: id) == 202) }
        try await Self.waitDelivered(store, wallet, count: 4)
        let revokedBefore = try await Self.runOK(["revoke", before[0], "--reason", "withdrawn before the backup"] + config)
        #expect(revokedBefore.stdout.contains("-> revoked"))

        for id in during { #expect(try await serve.webhook.post(eventId: "ev-\(id)", credentialId: id) == 202) }
        try await LifecycleProcessTests.waitFor("deliveries are under way") { wallet.importRequests > 5 }
        // Checked as the backup starts: under ThreadSanitizer the instrumented `store backup` took
        // longer than the remaining deliveries, so a check after it said nothing about the scenario.
        let storedAsBackupStarts = wallet.stored.count
        #expect(storedAsBackupStarts < 12, "the backup should start while deliveries are still in flight")
        let backup = try await Self.runOK(["store", "backup", backupFile] + config)
        #expect(backup.stdout.contains("integrity ok"))
        let mode = try FileManager.default.attributesOfItem(atPath: backupFile)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let again = try await BuiltExecutable.run("certbridge", arguments: ["store", "backup", backupFile] + config)
        #expect(again.status != 0 && again.output.contains("--force"), "\(again.output)")

        try await Self.waitDelivered(store, wallet, count: 12)
        // After the backup, of a VC the backup holds: the restore carries it over from the store it replaces.
        _ = try await Self.runOK(["revoke", before[1], "--reason", "withdrawn after the backup"] + config)
        serve.command.signal(SIGTERM)
        #expect(try await serve.waitForExit(timeout: .seconds(15)) != nil)
        let carried = try Self.carriedSlots(wallet)
        #expect(carried.values.map(\.count).reduce(0, +) == 24)  // 12 VCs × (revocation + suspension)

        let refused = try await BuiltExecutable.run("certbridge", arguments: ["store", "restore", backupFile] + config)
        #expect(refused.status != 0 && refused.output.contains("stop certbridge serve"), "\(refused.output)")
        let restore = try await Self.runOK(["store", "restore", backupFile, "--force"] + config)
        #expect(restore.stdout.contains("merged the replaced store"), "\(restore.output)")

        // Every index that left the gateway is marked taken, in a closed list.
        let restored = try DatabaseQueue(path: storePath)
        let lists = try await restored.read { db in
            try Row.fetchAll(db, sql: "SELECT slug, allocation, is_open FROM status_lists").map {
                (slug: $0["slug"] as String, bitmap: [UInt8]($0["allocation"] as Data), open: $0["is_open"] as Bool)
            }
        }
        try restored.close()
        for (list, indexes) in carried {
            let row = try #require(lists.first { $0.slug == list }, "list \(list) is missing after the restore")
            #expect(!row.open, "\(list) must be closed")
            for index in indexes {
                #expect(row.bitmap[index >> 3] & (0x80 >> UInt8(index & 7)) != 0, "\(list)#\(index) is free again")
            }
        }
        let reopened = try SQLiteOutboxStore(path: storePath)
        #expect(try await reopened.issued(matching: before[0]).first?.state == .revoked)
        #expect(try await reopened.issued(matching: before[1]).first?.state == .revoked)
        #expect(try await reopened.issued(matching: before[2]).first?.state == .active)

        serve = try await ServeProcess.start(binary: binary, config: harness.configPath)
        for id in afterRestore { #expect(try await serve.webhook.post(eventId: "ev-\(id)", credentialId: id) == 202) }
        try await Self.waitDelivered(reopened, wallet, count: 16)
        serve.command.signal(SIGTERM)
        _ = try await serve.waitForExit(timeout: .seconds(15))
        let after = try Self.carriedSlots(wallet)
        for (list, indexes) in after where carried[list] != nil {
            #expect(indexes == carried[list], "\(list): an index was handed out again after the restore")
        }
        #expect(Set(after.keys).subtracting(carried.keys).count == 2, "new VCs draw from new revocation and suspension lists")
    }

    @Test("store backup and restore on a PostgreSQL configuration point to pg_dump and the documented procedure")
    func postgresIsExplained() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-pg-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("certbridge.yaml")
        let url = folder.appendingPathComponent("database-url")
        try Data("postgres://certbridge@127.0.0.1:5432/certbridge\n".utf8).write(to: url)
        try Data("store:\n  postgres: file:\(url.path)\n".utf8).write(to: config)
        for action in ["backup", "restore"] {
            let run = try await BuiltExecutable.run(
                "certbridge", arguments: ["store", action, folder.appendingPathComponent("copy").path, "--config", config.path])
            #expect(run.status != 0)
            #expect(run.output.contains("not supported for PostgreSQL") && run.output.contains("pg_dump --format=custom"), "\(run.output)")
            #expect(run.output.contains("docs/DEPLOY.md"))
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("copy").path))
    }

    static func runOK(_ arguments: [String]) async throws -> CommandRun {
        let run = try await BuiltExecutable.run("certbridge", arguments: arguments)
        #expect(run.status == 0, "certbridge \(arguments.joined(separator: " ")): \(run.output)")
        return run
    }
}
