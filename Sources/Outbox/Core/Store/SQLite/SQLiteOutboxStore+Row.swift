import Foundation
import GRDB

extension SQLiteOutboxStore {
    /// A `jobs` row as a ``DeliveryJob`` (the mapping itself is shared with every store).
    static func job(from row: Row) throws -> DeliveryJob {
        try DeliveryJob(row: SQLiteColumns(row: row))
    }
}

/// GRDB's row seen through ``OutboxRowColumns``; times are stored as seconds since 1970.
private struct SQLiteColumns: OutboxRowColumns {
    let row: Row

    func text(_ column: String) -> String? { row[column] }
    func integer(_ column: String) -> Int64? { row[column] }
    func time(_ column: String) -> Date? { (row[column] as Double?).map(Date.init(timeIntervalSince1970:)) }
}
