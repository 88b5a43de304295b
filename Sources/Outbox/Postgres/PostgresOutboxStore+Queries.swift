import Outbox
import Foundation
import Logging
import PostgresNIO

extension PostgresOutboxStore {
    /// Runs `body` in a transaction on one pooled connection; any error rolls it back.
    func transaction<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T
    ) async throws(OutboxError) -> T {
        try await prepare()
        let logger = self.logger
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await body(connection, logger)
            }
        } catch {
            throw Self.failure(error)
        }
    }

    /// Runs `body` on one pooled connection outside a transaction (reads, and writes that are one statement).
    func read<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T
    ) async throws(OutboxError) -> T {
        try await prepare()
        let logger = self.logger
        do {
            return try await client.withConnection { connection in
                try await body(connection, logger)
            }
        } catch {
            throw Self.failure(error)
        }
    }

    /// The jobs a query returns.
    func rows(_ query: PostgresQuery) async throws(OutboxError) -> [DeliveryJob] {
        try await prepare()
        do {
            return try await Self.jobs(in: client.query(query, logger: logger))
        } catch {
            throw Self.failure(error)
        }
    }

    /// The columns ``DeliveryJob/init(row:)`` reads, for prepared statements (which name their
    /// columns; see the rules in `PostgresOutboxStore+Statements.swift`).
    static let jobColumns = """
        id, source_id, event_id, state, attempts, next_attempt_at, last_error, credential, vc, vc_id, profile,
        wallet_record_id, created_at, updated_at, delivered_at, revision, claims_digest, force_reissue,
        source_digest, status_slots, issued_vc_id, issued_revision, issued_claims_digest, issued_source_digest
        """

    /// The jobs in a query's rows (a pooled query's or one inside a transaction).
    static func jobs(in rows: PostgresRowSequence) async throws -> [DeliveryJob] {
        var jobs: [DeliveryJob] = []
        for try await row in rows {
            jobs.append(try DeliveryJob(row: PostgresColumns(row: row.makeRandomAccess())))
        }
        return jobs
    }

    /// Runs a statement and returns how many rows it returned (use `RETURNING` to count changes).
    func execute(_ query: PostgresQuery) async throws(OutboxError) -> Int {
        try await prepare()
        do {
            return try await client.query(query, logger: logger).collect().count
        } catch {
            throw Self.failure(error)
        }
    }

    /// An outbox error for any failure; a broken VC id uniqueness becomes ``OutboxError/vcIdTaken(vcId:)``
    /// (the caller knows which VC id; the database error text is not trusted to carry it).
    static func failure(_ error: any Error) -> OutboxError {
        if let outbox = error as? OutboxError { return outbox }
        // The store's own verdict from inside a transaction (a list the signer refused, …) is kept as it was thrown.
        if let transaction = error as? PostgresTransactionError, let outbox = transaction.closureError as? OutboxError {
            return outbox
        }
        if PostgresFailure.violatedUniqueConstraint(error) == vcIdConstraint { return .vcIdTaken(vcId: "") }
        return .database(PostgresFailure.reason(error))
    }
}

/// A postgres-nio row seen through ``OutboxRowColumns``.
struct PostgresColumns: OutboxRowColumns {
    let row: PostgresRandomAccessRow

    func text(_ column: String) throws -> String? { try row[column].decode(String?.self) }
    func integer(_ column: String) throws -> Int64? { try row[column].decode(Int64?.self) }
    func time(_ column: String) throws -> Date? { try row[column].decode(Date?.self) }
}

extension PostgresConnection {
    /// Runs a statement whose rows are not needed to completion, so its failure is thrown here
    /// rather than by whichever query comes next on the connection.
    func run(_ query: PostgresQuery, logger: Logger) async throws {
        _ = try await self.query(query, logger: logger).collect()
    }
}
