import ArgumentParser
import Composition
import Foundation
import Outbox

/// `certbridge store backup|restore FILE`: copies of the SQLite store (docs/DEPLOY.md "Backups").
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Back up or restore the SQLite store.",
        subcommands: [StoreBackupCommand.self, StoreRestoreCommand.self])

    /// The store's SQLite file, or a ValidationError that explains what to do for PostgreSQL.
    static func sqlitePath(_ options: OutboxOptions, action: String) throws -> String {
        let settings: GatewayConfiguration.StoreSettings
        do {
            settings = try GatewayConfiguration.storeSettings(configurationFile: ConfigOption.path(options.config))
        } catch {
            throw ValidationError(error.description)
        }
        switch settings {
        case .sqlite(let path): return path
        case .postgres:
            throw ValidationError(
                """
                store \(action) is not supported for PostgreSQL (\(ConfigOption.name(options.config)) uses store.postgres): use \
                pg_dump --format=custom and pg_restore, or continuous archiving, as docs/DEPLOY.md "Backups" describes
                """)
        }
    }
}

/// `certbridge store backup FILE`.
struct StoreBackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the SQLite store to FILE (mode 0600) while serve runs, and verify the copy.",
        discussion: "Uses SQLite's online backup, so the copy is consistent while other processes write.")

    @OptionGroup var outbox: OutboxOptions

    @Flag(name: .long, help: "Overwrite FILE if it exists.")
    var force = false

    @Argument(help: "The backup file to write.")
    var file: String

    func run() async throws {
        let path = try StoreCommand.sqlitePath(outbox, action: "backup")
        do {
            let summary = try SQLiteStoreBackup.backup(storePath: path, to: file, force: force)
            print("backed up \(path) to \(file): \(summary.jobs) jobs, \(summary.statusLists) status lists, \(summary.bytes) bytes; integrity ok")
        } catch {
            throw ValidationError(error.description)
        }
    }
}

/// `certbridge store restore FILE --force`.
struct StoreRestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the SQLite store with the backup FILE. Stop serve (and every other certbridge on this store) first.",
        discussion: """
            The backup is checked (integrity, certbridge store, known schema version). Status lists the \
            replaced store knows are merged in and every list is closed, so no status index is handed out twice; \
            status changes the replaced store made after the backup are carried over.
            """)

    @OptionGroup var outbox: OutboxOptions

    @Flag(name: .long, help: "Confirm that no certbridge process uses the store (certbridge cannot tell).")
    var force = false

    @Option(name: .long, help: "When the current store is lost: placeholder lists per family to skip past lists opened after the backup.")
    var skipLists: Int = 8

    @Argument(help: "The backup file to restore.")
    var file: String

    func run() async throws {
        let path = try StoreCommand.sqlitePath(outbox, action: "restore")
        guard force else {
            throw ValidationError(
                "stop certbridge serve and every other certbridge process using \(path), then run again with --force")
        }
        guard skipLists >= 0 else { throw ValidationError("--skip-lists must be 0 or more, got \(skipLists)") }
        do {
            let summary = try SQLiteStoreBackup.restore(backup: file, into: path, skipLists: skipLists)
            print("restored \(file) into \(path)")
            if summary.mergedReplacedStore {
                print(
                    "merged the replaced store: \(summary.listsKeptFromReplacedStore) lists kept, "
                        + "\(summary.statusChangesCarriedOver) status changes carried over")
            } else {
                print("the replaced store could not be read: \(skipLists) list numbers skipped per list family")
            }
            print("\(summary.listsClosed) status lists closed (new credentials use new lists) and queued for republication")
        } catch {
            throw ValidationError(error.description)
        }
    }
}
