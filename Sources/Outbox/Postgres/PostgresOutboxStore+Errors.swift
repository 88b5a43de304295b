import Outbox
import PostgresNIO

/// PostgreSQL failures as outbox errors. postgres-nio's own `description` is deliberately vague, so the
/// text is built from the server's SQLSTATE and message, or the client error code; never from the
/// connection settings, which hold the password.
enum PostgresFailure {
    /// SQLSTATE of a unique violation.
    static let uniqueViolation = "23505"

    /// The server error inside `error` (looking through transaction wrappers), if any.
    static func serverError(in error: any Error) -> PSQLError? {
        if let psql = error as? PSQLError { return psql }
        if let transaction = error as? PostgresTransactionError {
            for inner in [transaction.closureError, transaction.beginError, transaction.commitError] {
                if let inner, let psql = serverError(in: inner) { return psql }
            }
        }
        return nil
    }

    /// The name of the unique constraint `error` violated, if it is a unique violation.
    static func violatedUniqueConstraint(_ error: any Error) -> String? {
        guard let psql = serverError(in: error), psql.serverInfo?[.sqlState] == uniqueViolation else { return nil }
        return psql.serverInfo?[.constraintName] ?? ""
    }

    /// Text for people.
    static func reason(_ error: any Error) -> String {
        if let outbox = error as? OutboxError { return outbox.description }
        if let transaction = error as? PostgresTransactionError {
            if let inner = transaction.closureError ?? transaction.beginError ?? transaction.commitError {
                return reason(inner)
            }
            return "transaction failed"
        }
        // Other errors (pool, NIO, TLS) never carry the connection settings, so their text is safe.
        guard let psql = error as? PSQLError else { return String(describing: error) }
        if let info = psql.serverInfo {
            let state = info[.sqlState].map { "SQLSTATE \($0)" } ?? "server error"
            let detail = info[.detail].map { " (\($0))" } ?? ""
            return "\(state): \(info[.message] ?? "no message")\(detail)"
        }
        let underlying = psql.underlying.map { ": \($0)" } ?? ""
        return "\(psql.code)\(underlying)"
    }
}
