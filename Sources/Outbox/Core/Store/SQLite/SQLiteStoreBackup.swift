import Foundation
import GRDB

/// Online backup and restore of the SQLite store (`certbridge store backup|restore`).
///
/// The backup uses SQLite's online backup API (through GRDB), so it is a consistent snapshot
/// even while `serve` writes. A restore never reuses a status index or loses a status change
/// that the store being replaced still knows about: see ``restore(backup:into:force:)`` and
/// docs/DEPLOY.md "Backups".
public enum SQLiteStoreBackup {
    /// What a backup wrote.
    public struct BackupSummary: Sendable, Equatable {
        /// Jobs in the copy.
        public let jobs: Int
        /// Status lists in the copy.
        public let statusLists: Int
        /// Size of the copy in bytes.
        public let bytes: Int
    }

    /// What a restore did beyond copying the file.
    public struct RestoreSummary: Sendable, Equatable {
        /// True when the store being replaced could be read and was merged in.
        public let mergedReplacedStore: Bool
        /// Status lists known only to the replaced store, kept (closed) so their indexes stay taken.
        public let listsKeptFromReplacedStore: Int
        /// Status changes (revoke, suspend, unsuspend) newer in the replaced store, carried over.
        public let statusChangesCarriedOver: Int
        /// Lists closed so that new credentials draw indexes from fresh lists.
        public let listsClosed: Int
    }

    /// Copies the store at `storePath` to `file` with SQLite's online backup, then checks the copy
    /// (`PRAGMA integrity_check`) before it gets its final name. The copy is mode 0600.
    public static func backup(storePath: String, to file: String, force: Bool) throws(StoreBackupError) -> BackupSummary {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: storePath) else { throw .storeMissing(path: storePath) }
        if fileManager.fileExists(atPath: file), !force { throw .fileExists(path: file) }
        // Written beside FILE under a temporary name, so a failed or unverified copy never takes FILE's place.
        let partial = file + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        try? fileManager.removeItem(atPath: partial)
        guard fileManager.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw .write(path: file, reason: "cannot create \(partial) (does the directory exist and is it writable?)")
        }
        do {
            var sourceConfiguration = Configuration()
            sourceConfiguration.busyMode = .timeout(10)
            let source = try DatabasePool(path: storePath, configuration: sourceConfiguration)
            let destination = try DatabaseQueue(path: partial)
            try source.backup(to: destination)
            let summary = try destination.read { db in
                try verify(db, path: file)
                return BackupSummary(
                    jobs: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jobs") ?? 0,
                    statusLists: try tableExists(db, "status_lists")
                        ? (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM status_lists") ?? 0) : 0,
                    bytes: 0)
            }
            try destination.close()
            try source.close()
            // createFile's mode is filtered by the umask; the copy holds credentials, so force 0600.
            try fileManager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: partial)
            if fileManager.fileExists(atPath: file) { try fileManager.removeItem(atPath: file) }
            try fileManager.moveItem(atPath: partial, toPath: file)
            let bytes = (try? fileManager.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            return BackupSummary(jobs: summary.jobs, statusLists: summary.statusLists, bytes: bytes)
        } catch let error as StoreBackupError {
            try? fileManager.removeItem(atPath: partial)
            throw error
        } catch {
            try? fileManager.removeItem(atPath: partial)
            throw .write(path: file, reason: String(describing: error))
        }
    }

    /// Replaces the store at `storePath` with the backup `file`.
    ///
    /// The backup is checked first (integrity, a certbridge store, a schema this binary knows).
    /// Then, so that no status index handed out after the backup is handed out again:
    /// - when the store being replaced can still be read, every list it knows is merged in (its
    ///   allocation bitmap OR-ed into the restored one, lists the backup lacks copied), and status
    ///   changes it made after the backup (revoke, suspend, unsuspend: the later `changed_at` wins)
    ///   are carried over;
    /// - in every case every list is closed, so new credentials draw from new lists, and every
    ///   list is marked changed, so it is signed and published again.
    /// When the replaced store is gone, lists opened after the backup are unknown: `skipLists`
    /// placeholder (full, closed) lists per family push new list numbers past them.
    ///
    /// No process may use the store meanwhile: the caller stops `serve` first (the CLI asks for `--force`).
    public static func restore(backup file: String, into storePath: String, skipLists: Int = 8)
        throws(StoreBackupError) -> RestoreSummary
    {
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: file) else { throw .backupMissing(path: file) }
        do {
            var readOnly = Configuration()
            readOnly.readonly = true
            let checked = try DatabaseQueue(path: file, configuration: readOnly)
            try checked.read { db in try verify(db, path: file) }
            try checked.close()
        } catch let error as StoreBackupError {
            throw error
        } catch {
            throw .notAStore(path: file, reason: String(describing: error))
        }
        let staging = storePath + ".restore-\(ProcessInfo.processInfo.processIdentifier)"
        for suffix in ["", "-wal", "-shm"] { try? fileManager.removeItem(atPath: staging + suffix) }
        do {
            try fileManager.copyItem(atPath: file, toPath: staging)
            try fileManager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: staging)
            // Brings an older backup up to this binary's schema.
            _ = try SQLiteOutboxStore(path: staging)
            let restored = try DatabaseQueue(path: staging)
            let summary = try restored.write { db in
                try merge(into: db, replacedStore: storePath, skipLists: skipLists)
            }
            try restored.close()
            for suffix in ["-wal", "-shm"] { try? fileManager.removeItem(atPath: storePath + suffix) }
            if fileManager.fileExists(atPath: storePath) { try fileManager.removeItem(atPath: storePath) }
            try fileManager.moveItem(atPath: staging, toPath: storePath)
            return summary
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? fileManager.removeItem(atPath: staging + suffix) }
            if let error = error as? StoreBackupError { throw error }
            throw .write(path: storePath, reason: String(describing: error))
        }
    }

    /// The schema versions (GRDB migration identifiers) this binary can open.
    public static var knownSchemaVersions: [String] { SQLiteOutboxStore.migrator.migrations }

    /// Integrity, the outbox tables, and no migration this binary does not know.
    static func verify(_ db: Database, path: String) throws {
        let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
        guard integrity == ["ok"] else {
            throw StoreBackupError.corrupt(path: path, reason: integrity.prefix(5).joined(separator: "; "))
        }
        guard try tableExists(db, "grdb_migrations"), try tableExists(db, "jobs") else {
            throw StoreBackupError.notAStore(path: path, reason: "it has no jobs and grdb_migrations tables")
        }
        let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        let unknown = applied.filter { !knownSchemaVersions.contains($0) }
        guard unknown.isEmpty else {
            throw StoreBackupError.newerSchema(
                path: path, unknown: unknown, known: knownSchemaVersions)
        }
    }

    static func tableExists(_ db: Database, _ name: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [name])
            ?? false
    }

    /// Merges what the replaced store knows into the restored one, then closes every list.
    private static func merge(into db: Database, replacedStore: String, skipLists: Int) throws -> RestoreSummary {
        var merged = false
        var kept = 0
        var carried = 0
        if FileManager.default.fileExists(atPath: replacedStore), let previous = try? openReadable(replacedStore) {
            let lists = try previous.read { old in try Row.fetchAll(old, sql: "SELECT * FROM status_lists") }
            let changes = try previous.read { old in
                try Row.fetchAll(
                    old, sql: "SELECT vc_id, state, changed_at, reason FROM issued WHERE changed_at IS NOT NULL")
            }
            try previous.close()
            merged = true
            for list in lists {
                let slug: String = list["slug"]
                if let mine = try Row.fetchOne(db, sql: "SELECT allocation FROM status_lists WHERE slug = ?", arguments: [slug]) {
                    let union = orBitmaps([UInt8](mine["allocation"] as Data), [UInt8](list["allocation"] as Data))
                    try db.execute(
                        sql: "UPDATE status_lists SET allocation = ?, allocated = ? WHERE slug = ?",
                        arguments: [Data(union), setBits(union), slug])
                } else {
                    let columns = list.columnNames.map { "\"\($0)\"" }.joined(separator: ", ")
                    let marks = Array(repeating: "?", count: list.count).joined(separator: ", ")
                    try db.execute(
                        sql: "INSERT INTO status_lists (\(columns)) VALUES (\(marks))",
                        arguments: StatementArguments(list.databaseValues))
                    kept += 1
                }
            }
            for change in changes {
                try db.execute(
                    sql: """
                        UPDATE issued SET state = ?, changed_at = ?, reason = ?
                        WHERE vc_id = ? AND (changed_at IS NULL OR changed_at < ?)
                        """,
                    arguments: [change["state"], change["changed_at"], change["reason"], change["vc_id"], change["changed_at"]])
                carried += db.changesCount
            }
        } else {
            try addPlaceholderLists(db, count: skipLists)
        }
        try db.execute(sql: "UPDATE status_lists SET is_open = 0, changes = changes + 1")
        let closed = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM status_lists") ?? 0
        return RestoreSummary(
            mergedReplacedStore: merged, listsKeptFromReplacedStore: kept, statusChangesCarriedOver: carried,
            listsClosed: closed)
    }

    /// Per list family, `count` full lists after the highest one, so that new lists get numbers
    /// the lost store may have used after the backup. They are published with no bit set.
    private static func addPlaceholderLists(_ db: Database, count: Int) throws {
        guard count > 0 else { return }
        let families = try Row.fetchAll(
            db,
            sql: """
                SELECT name, purpose, issuer, suite, proof_form, version, entries, MAX(sequence) AS last
                FROM status_lists GROUP BY name, purpose
                """)
        let now = Date().timeIntervalSince1970
        for family in families {
            let name: String = family["name"]
            let purpose: String = family["purpose"]
            let last: Int = family["last"]
            let entries: Int = family["entries"]
            let full = [UInt8](repeating: 0xFF, count: (entries + 7) / 8)
            for sequence in (last + 1)...(last + count) {
                try db.execute(
                    sql: """
                        INSERT INTO status_lists (slug, name, purpose, issuer, suite, proof_form, version, sequence,
                            entries, allocated, allocation, is_open, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)
                        """,
                    arguments: [
                        StatusAllocation.slug(name: name, purpose: purpose, sequence: sequence), name, purpose,
                        family["issuer"], family["suite"], family["proof_form"], family["version"], sequence,
                        entries, entries, Data(full), now,
                    ])
            }
        }
    }

    /// The replaced store, when it still opens and reads.
    private static func openReadable(_ path: String) throws -> DatabaseQueue {
        let queue = try DatabaseQueue(path: path)
        try queue.read { db in _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM status_lists") }
        return queue
    }

    static func orBitmaps(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        (0..<max(a.count, b.count)).map { (($0 < a.count) ? a[$0] : 0) | (($0 < b.count) ? b[$0] : 0) }
    }

    static func setBits(_ bitmap: [UInt8]) -> Int { bitmap.reduce(0) { $0 + $1.nonzeroBitCount } }
}

/// Why a backup or restore failed, naming the file.
public enum StoreBackupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The store to back up does not exist.
    case storeMissing(path: String)
    /// The backup file to restore does not exist.
    case backupMissing(path: String)
    /// FILE exists and `--force` was not given.
    case fileExists(path: String)
    /// The copy failed `PRAGMA integrity_check`.
    case corrupt(path: String, reason: String)
    /// The file is not a certbridge SQLite store.
    case notAStore(path: String, reason: String)
    /// The file was written by a newer certbridge.
    case newerSchema(path: String, unknown: [String], known: [String])
    /// Writing failed.
    case write(path: String, reason: String)

    /// Actionable text naming the file.
    public var description: String {
        switch self {
        case .storeMissing(let path): "the store \(path) does not exist (check store: in the configuration)"
        case .backupMissing(let path): "the backup \(path) does not exist"
        case .fileExists(let path): "\(path) already exists; choose another file or pass --force to overwrite it"
        case .corrupt(let path, let reason): "\(path) fails SQLite's integrity check: \(reason)"
        case .notAStore(let path, let reason): "\(path) is not a certbridge SQLite store: \(reason)"
        case .newerSchema(let path, let unknown, let known):
            "\(path) has schema versions \(unknown.joined(separator: ", ")) that this certbridge does not know "
                + "(it knows \(known.joined(separator: ", "))); restore it with the certbridge that wrote it, or a newer one"
        case .write(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}
