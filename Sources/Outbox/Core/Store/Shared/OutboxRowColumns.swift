import Foundation
import JSONCanonical

/// Typed access to one `jobs` row, which every outbox store provides over its own driver's row type,
/// so that the mapping from columns to a ``DeliveryJob`` exists once and both stores read jobs alike.
public protocol OutboxRowColumns {
    /// A text column (`nil` for SQL NULL).
    func text(_ column: String) throws -> String?
    /// An integer column (`nil` for SQL NULL).
    func integer(_ column: String) throws -> Int64?
    /// A point in time (`nil` for SQL NULL).
    func time(_ column: String) throws -> Date?
}

extension DeliveryJob {
    /// Reads a `jobs` row; JSON columns are parsed strictly and an unknown state is an error, not a guess.
    public init(row: some OutboxRowColumns) throws(OutboxError) {
        do {
            try self.init(checkedRow: row)
        } catch let error as OutboxError {
            throw error
        } catch {
            throw .database("cannot read a job row: \(error)")
        }
    }

    private init(checkedRow row: some OutboxRowColumns) throws {
        func required<T>(_ value: T?, _ column: String) throws -> T {
            guard let value else { throw OutboxError.database("job row has no \(column)") }
            return value
        }
        func json(_ column: String) throws -> JSONValue? {
            try row.text(column).map { text in try JSONValue(parsing: text) }
        }
        let id = try required(row.integer("id"), "id")
        let stateName = try required(row.text("state"), "state")
        guard let state = JobState(rawValue: stateName) else {
            throw OutboxError.database("job \(id) has unknown state '\(stateName)'")
        }
        let epoch = Date(timeIntervalSince1970: 0)
        var job = DeliveryJob(
            id: id, sourceId: try required(row.text("source_id"), "source_id"), eventId: try row.text("event_id"),
            state: state, attempts: Int(try row.integer("attempts") ?? 0),
            nextAttemptAt: try row.time("next_attempt_at") ?? epoch, lastError: try row.text("last_error"),
            credential: try json("credential"), vc: try json("vc"), vcId: try row.text("vc_id"),
            profile: try row.text("profile"), receipt: try row.text("wallet_record_id"),
            createdAt: try row.time("created_at") ?? epoch, updatedAt: try row.time("updated_at") ?? epoch,
            deliveredAt: try row.time("delivered_at"))
        job.revision = Int(try row.integer("revision") ?? 0)
        job.claimsDigest = try row.text("claims_digest")
        let force = try row.integer("force_reissue") ?? 0
        job.forceReissue = force != 0
        job.replaceSignature = force == OutboxRules.forceReissueReplacingSignature
        job.sourceDigest = try row.text("source_digest")
        if let slots = try row.text("status_slots") {
            job.statusSlots = try JSONDecoder().decode([StatusSlot].self, from: Data(slots.utf8))
        }
        if let issuedId = try row.text("issued_vc_id") {
            job.lastIssued = IssuedSummary(
                vcId: issuedId, revision: Int(try row.integer("issued_revision") ?? 0),
                claimsDigest: try row.text("issued_claims_digest"), sourceDigest: try row.text("issued_source_digest"))
        }
        self = job
    }
}
