import Foundation
import JSONCanonical
import Logging
import Outbox
import PostgresNIO

/// Protocol records (``ProtocolRecordStore``) in PostgreSQL. Each write is one statement whose
/// row lock decides between instances: an `UPDATE … WHERE state = expected` or a
/// `DELETE … RETURNING` succeeds for one of them only. Expiry is compared with the database's
/// clock-independent bound `now` the caller passes, as SQLite does.
extension PostgresOutboxStore {
    /// Adds a record unless its kind and id exist.
    public func insertRecord(_ record: ProtocolRecord) async throws(OutboxError) -> Bool {
        try await transaction { connection, logger in
            let inserted = try await connection.query(
                """
                INSERT INTO certbridge_records (kind, id, subject, state, body, created_at, updated_at, expires_at)
                VALUES (\(record.kind), \(record.id), \(record.subject), \(record.state), \(record.body.compactString),
                    \(record.createdAt), \(record.updatedAt), \(record.expiresAt))
                ON CONFLICT (kind, id) DO NOTHING RETURNING id
                """, logger: logger
            ).collect()
            return inserted.count == 1
        }
    }

    /// The unexpired record.
    public func record(kind: String, id: String, now: Date) async throws(OutboxError) -> ProtocolRecord? {
        try await read { connection, logger in
            let rows = try await connection.query(
                """
                SELECT kind, id, subject, state, body, created_at, updated_at, expires_at FROM certbridge_records
                WHERE kind = \(kind) AND id = \(id) AND (expires_at IS NULL OR expires_at > \(now))
                """, logger: logger
            ).collect()
            return try rows.first.map(Self.protocolRecord)
        }
    }

    /// Unexpired records of a kind, by subject and state, oldest first.
    public func records(kind: String, subject: String?, states: Set<String>?, now: Date, limit: Int)
        async throws(OutboxError) -> [ProtocolRecord]
    {
        try await read { connection, logger in
            let rows = try await connection.query(
                """
                SELECT kind, id, subject, state, body, created_at, updated_at, expires_at FROM certbridge_records
                WHERE kind = \(kind) AND (expires_at IS NULL OR expires_at > \(now))
                    AND (\(subject)::TEXT IS NULL OR subject = \(subject))
                    AND (\(states == nil) OR state = ANY(\(states.map { $0.sorted() } ?? [])))
                ORDER BY created_at, id LIMIT \(Int64(limit))
                """, logger: logger
            ).collect()
            return try rows.map(Self.protocolRecord)
        }
    }

    /// Compare-and-set of a record's state (and body).
    public func updateRecord(kind: String, id: String, expectedState: String?, state: String, body: JSONValue?, now: Date)
        async throws(OutboxError) -> Bool
    {
        try await transaction { connection, logger in
            let updated = try await connection.query(
                """
                UPDATE certbridge_records SET state = \(state), updated_at = \(now),
                    body = COALESCE(\(body?.compactString), body)
                WHERE kind = \(kind) AND id = \(id) AND (expires_at IS NULL OR expires_at > \(now))
                    AND (\(expectedState)::TEXT IS NULL OR state = \(expectedState))
                RETURNING id
                """, logger: logger
            ).collect()
            return updated.count == 1
        }
    }

    /// Removes and returns an unexpired record.
    public func takeRecord(kind: String, id: String, now: Date) async throws(OutboxError) -> ProtocolRecord? {
        try await transaction { connection, logger in
            let rows = try await connection.query(
                """
                DELETE FROM certbridge_records
                WHERE kind = \(kind) AND id = \(id) AND (expires_at IS NULL OR expires_at > \(now))
                RETURNING kind, id, subject, state, body, created_at, updated_at, expires_at
                """, logger: logger
            ).collect()
            return try rows.first.map(Self.protocolRecord)
        }
    }

    /// Deletes expired records.
    public func purgeExpiredRecords(now: Date) async throws(OutboxError) -> Int {
        try await transaction { connection, logger in
            try await connection.query(
                "DELETE FROM certbridge_records WHERE expires_at IS NOT NULL AND expires_at <= \(now) RETURNING id",
                logger: logger
            ).collect().count
        }
    }

    /// Makes delivered or dead jobs with these VC ids due again, their VC unchanged.
    public func redeliver(vcIds: [String], now: Date) async throws(OutboxError) -> Int {
        guard !vcIds.isEmpty else { return 0 }
        return try await transaction { connection, logger in
            var binds = PostgresBindings()
            binds.append(now)
            binds.append(vcIds)
            return try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        UPDATE certbridge_jobs SET \(OutboxRules.redeliveryAssignments(time: "$1"))
                        WHERE vc IS NOT NULL AND state IN \(OutboxRules.redeliverableStatesSQL) AND vc_id = ANY($2)
                        RETURNING id
                        """,
                    binds: binds),
                logger: logger
            ).collect().count
        }
    }

    private static func protocolRecord(_ row: PostgresRow) throws -> ProtocolRecord {
        let (kind, id, subject, state, bodyText, createdAt, updatedAt, expiresAt) = try row.decode(
            (String, String, String?, String, String, Date, Date, Date?).self)
        let body: JSONValue
        do {
            body = try JSONValue(parsing: bodyText)
        } catch {
            throw OutboxError.database("record \(kind) \(id) has a body that is not JSON: \(error)")
        }
        return ProtocolRecord(
            kind: kind, id: id, subject: subject, state: state, body: body, createdAt: createdAt, updatedAt: updatedAt,
            expiresAt: expiresAt)
    }
}
