import Foundation
import GRDB

extension SQLiteOutboxStore {
    /// A `jobs` row as a ``DeliveryJob`` (the mapping itself is shared with every store).
    static func job(from row: Row) throws -> DeliveryJob {
        try DeliveryJob(row: SQLiteColumns(row: row))
    }
}

/// GRDB's row seen through ``OutboxRowColumns``; times are stored as seconds since 1970.
///
/// Columns are found by a table of positions made once per row. GRDB's lookup by name compares a
/// lower-cased copy of every column name with the one asked for, each time, and a job reads about
/// twenty columns of a row of about thirty: a few hundred string copies per job claimed.
private struct SQLiteColumns: OutboxRowColumns {
    let row: Row
    private let positions: [String: Int]

    init(row: Row) {
        self.row = row
        var positions = [String: Int](minimumCapacity: row.count)
        for (position, name) in row.columnNames.enumerated() where positions[name] == nil {
            positions[name] = position
        }
        self.positions = positions
    }

    func text(_ column: String) -> String? { positions[column].flatMap { row[$0] } }
    func integer(_ column: String) -> Int64? { positions[column].flatMap { row[$0] } }
    func time(_ column: String) -> Date? {
        positions[column].flatMap { row[$0] as Double? }.map(Date.init(timeIntervalSince1970:))
    }
}
