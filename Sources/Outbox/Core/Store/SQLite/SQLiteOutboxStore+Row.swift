import Foundation
import GRDB

extension SQLiteOutboxStore {
    /// A `jobs` row as a ``DeliveryJob`` (the mapping itself is shared with every store).
    static func job(from row: Row) throws -> DeliveryJob {
        try DeliveryJob(row: SQLiteColumns(row: row))
    }

    /// A row of a statement whose ``SQLiteColumns/positions(of:)`` the caller made once for all its rows.
    static func job(from row: Row, positions: [String: Int]) throws -> DeliveryJob {
        try DeliveryJob(row: SQLiteColumns(row: row, positions: positions))
    }
}

/// GRDB's row seen through ``OutboxRowColumns``; times are stored as seconds since 1970.
///
/// Columns are found by a table of positions: GRDB's lookup by name compares a lower-cased copy of
/// every column name with the one asked for, each time, and a job reads about twenty columns of a
/// row of about thirty: a few hundred string copies per job claimed. A claim makes the table once
/// for all its rows (making it was 31k instructions per row).
struct SQLiteColumns: OutboxRowColumns {
    let row: Row
    private let positions: [String: Int]

    /// A row whose table is made from its own column names.
    init(row: Row) {
        self.init(row: row, positions: Self.positions(of: row.columnNames))
    }

    /// A row of a statement whose table of positions is `positions`.
    init(row: Row, positions: [String: Int]) {
        self.row = row
        self.positions = positions
    }

    /// Each column name's position; for a name given twice, its first.
    static func positions(of columnNames: some Collection<String>) -> [String: Int] {
        var positions = [String: Int](minimumCapacity: columnNames.count)
        for (position, name) in columnNames.enumerated() where positions[name] == nil {
            positions[name] = position
        }
        return positions
    }

    func text(_ column: String) -> String? { positions[column].flatMap { row[$0] } }
    func integer(_ column: String) -> Int64? { positions[column].flatMap { row[$0] } }
    func time(_ column: String) -> Date? {
        positions[column].flatMap { row[$0] as Double? }.map(Date.init(timeIntervalSince1970:))
    }
}
