import Foundation
import GRDB
import JSONCanonical

/// Protocol records (``ProtocolRecordStore``) in SQLite: every write runs under the file's write
/// lock, so a compare-and-set or a take is one statement that no other writer interleaves with.
extension SQLiteOutboxStore {
    /// Adds a record unless its kind and id exist.
    public func insertRecord(_ record: ProtocolRecord) async throws(OutboxError) -> Bool {
        try await immediate { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO records (kind, id, subject, state, body, created_at, updated_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.kind, record.id, record.subject, record.state, record.body.compactString,
                    record.createdAt.timeIntervalSince1970, record.updatedAt.timeIntervalSince1970,
                    record.expiresAt?.timeIntervalSince1970,
                ])
            return db.changesCount == 1
        }
    }

    /// The unexpired record.
    public func record(kind: String, id: String, now: Date) async throws(OutboxError) -> ProtocolRecord? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM records WHERE kind = ? AND id = ? AND \(Self.unexpired)",
                arguments: [kind, id, now.timeIntervalSince1970]
            ).map(Self.protocolRecord)
        }
    }

    /// Unexpired records of a kind, by subject and state, oldest first.
    public func records(kind: String, subject: String?, states: Set<String>?, now: Date, limit: Int)
        async throws(OutboxError) -> [ProtocolRecord]
    {
        try await read { db in
            var sql = "SELECT * FROM records WHERE kind = ? AND \(Self.unexpired)"
            var arguments: StatementArguments = [kind, now.timeIntervalSince1970]
            if let subject {
                sql += " AND subject = ?"
                arguments += [subject]
            }
            if let states {
                sql += " AND state IN (\(states.map { _ in "?" }.joined(separator: ", ")))"
                arguments += StatementArguments(states.sorted())
            }
            sql += " ORDER BY created_at, id LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.protocolRecord)
        }
    }

    /// Compare-and-set of a record's state (and body).
    public func updateRecord(kind: String, id: String, expectedState: String?, state: String, body: JSONValue?, now: Date)
        async throws(OutboxError) -> Bool
    {
        try await immediate { db in
            var sql = "UPDATE records SET state = ?, updated_at = ?"
            var arguments: StatementArguments = [state, now.timeIntervalSince1970]
            if let body {
                sql += ", body = ?"
                arguments += [body.compactString]
            }
            sql += " WHERE kind = ? AND id = ? AND \(Self.unexpired)"
            arguments += [kind, id, now.timeIntervalSince1970]
            if let expectedState {
                sql += " AND state = ?"
                arguments += [expectedState]
            }
            try db.execute(sql: sql, arguments: arguments)
            return db.changesCount == 1
        }
    }

    /// Removes and returns an unexpired record.
    public func takeRecord(kind: String, id: String, now: Date) async throws(OutboxError) -> ProtocolRecord? {
        try await immediate { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM records WHERE kind = ? AND id = ? AND \(Self.unexpired)",
                    arguments: [kind, id, now.timeIntervalSince1970])
            else { return nil }
            try db.execute(sql: "DELETE FROM records WHERE kind = ? AND id = ?", arguments: [kind, id])
            return try Self.protocolRecord(row)
        }
    }

    /// Deletes expired records.
    public func purgeExpiredRecords(now: Date) async throws(OutboxError) -> Int {
        try await immediate { db in
            try db.execute(
                sql: "DELETE FROM records WHERE expires_at IS NOT NULL AND expires_at <= ?", arguments: [now.timeIntervalSince1970])
            return db.changesCount
        }
    }

    /// Makes delivered or dead jobs with these VC ids due again, their VC unchanged.
    public func redeliver(vcIds: [String], now: Date) async throws(OutboxError) -> Int {
        guard !vcIds.isEmpty else { return 0 }
        let time = now.timeIntervalSince1970
        return try await immediate { db in
            try db.execute(
                sql: """
                    UPDATE jobs SET \(OutboxRules.redeliveryAssignments(time: "?"))
                    WHERE vc IS NOT NULL AND state IN \(OutboxRules.redeliverableStatesSQL)
                        AND vc_id IN (\(vcIds.map { _ in "?" }.joined(separator: ", ")))
                    """,
                arguments: [time, time] + StatementArguments(vcIds))
            return db.changesCount
        }
    }

    /// Not expired at the bound time.
    private static let unexpired = "(expires_at IS NULL OR expires_at > ?)"

    private static func protocolRecord(_ row: Row) throws -> ProtocolRecord {
        let bodyText: String = row["body"]
        let body: JSONValue
        do {
            body = try JSONValue(parsing: bodyText)
        } catch {
            throw OutboxError.database("record \(row["kind"] as String) \(row["id"] as String) has a body that is not JSON: \(error)")
        }
        return ProtocolRecord(
            kind: row["kind"], id: row["id"], subject: row["subject"], state: row["state"], body: body,
            createdAt: Date(timeIntervalSince1970: row["created_at"]), updatedAt: Date(timeIntervalSince1970: row["updated_at"]),
            expiresAt: (row["expires_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }
}
