import Foundation
import GRDB
import JSONCanonical

extension SQLiteOutboxStore {
    /// A `jobs` row as a ``DeliveryJob``; JSON columns are parsed strictly.
    static func job(from row: Row) throws -> DeliveryJob {
        func json(_ column: String) throws -> JSONValue? {
            guard let text: String = row[column] else { return nil }
            return try JSONValue(parsing: text)
        }
        func date(_ column: String) -> Date? {
            (row[column] as Double?).map(Date.init(timeIntervalSince1970:))
        }
        let stateName: String = row["state"]
        guard let state = JobState(rawValue: stateName) else {
            throw OutboxError.database("job \(row["id"] as Int64) has unknown state '\(stateName)'")
        }
        return DeliveryJob(
            id: row["id"], sourceId: row["source_id"], eventId: row["event_id"], state: state,
            attempts: row["attempts"], nextAttemptAt: date("next_attempt_at") ?? Date(timeIntervalSince1970: 0),
            lastError: row["last_error"], credential: try json("credential"), vc: try json("vc"),
            vcId: row["vc_id"], profile: row["profile"], walletRecordId: row["wallet_record_id"],
            createdAt: date("created_at") ?? Date(timeIntervalSince1970: 0),
            updatedAt: date("updated_at") ?? Date(timeIntervalSince1970: 0), deliveredAt: date("delivered_at"))
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var seconds: Double {
        let (whole, atto) = components
        return Double(whole) + Double(atto) / 1e18
    }
}
