import Foundation
import JSONCanonical

/// A piece of protocol state a holder-facing door keeps between requests: a DCP credential
/// request, and next an OpenID4VCI offer, pre-authorized code, access token or nonce.
///
/// They live in the outbox store, beside the jobs they lead to, so that a restart or a second
/// instance on PostgreSQL sees them; each has a kind (the door's namespace), an id unique within
/// it, an optional subject to find it by (a holder DID), a state, a JSON body and an expiry after
/// which it is neither read nor taken.
public struct ProtocolRecord: Sendable, Hashable {
    /// The namespace, e.g. `dcp.request`.
    public var kind: String
    /// Unique within the kind (random where it is handed out: a request id, a code).
    public var id: String
    /// What it can be looked up by (a holder DID), if anything.
    public var subject: String?
    /// Where it stands (`RECEIVED`, `ISSUED`, …), as the door names its states.
    public var state: String
    /// The door's data. It may hold a bearer token the holder gave the door, so it is never logged.
    public var body: JSONValue
    /// When it was made.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date
    /// When it stops being valid; `nil` for never.
    public var expiresAt: Date?

    /// Creates a record.
    public init(
        kind: String, id: String, subject: String? = nil, state: String, body: JSONValue = .object([:]), createdAt: Date,
        updatedAt: Date? = nil, expiresAt: Date? = nil
    ) {
        self.kind = kind
        self.id = id
        self.subject = subject
        self.state = state
        self.body = body
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.expiresAt = expiresAt
    }

    /// Whether it is past its expiry at `now`.
    public func isExpired(at now: Date) -> Bool {
        guard let expiresAt else { return false }
        return expiresAt <= now
    }
}

extension ProtocolRecord: CustomStringConvertible {
    /// Kind, id, state and subject; never the body, which may carry a holder's token.
    public var description: String {
        "\(kind) \(id) [\(state)]" + (subject.map { " for \($0)" } ?? "")
    }
}

/// The durable home of ``ProtocolRecord``s, part of every ``OutboxStore``.
public protocol ProtocolRecordStore: Sendable {
    /// Adds a record; `false` when one with its kind and id exists already (nothing changes then).
    func insertRecord(_ record: ProtocolRecord) async throws(OutboxError) -> Bool

    /// The record, unless it is missing or expired at `now`.
    func record(kind: String, id: String, now: Date) async throws(OutboxError) -> ProtocolRecord?

    /// Unexpired records of a kind, optionally only those of `subject` and in `states`, oldest first.
    func records(kind: String, subject: String?, states: Set<String>?, now: Date, limit: Int) async throws(OutboxError)
        -> [ProtocolRecord]

    /// Moves a record to `state` (with a new body when given), only if it is unexpired and, when
    /// `expectedState` is given, still in it: a compare-and-set, so two instances never both win.
    func updateRecord(kind: String, id: String, expectedState: String?, state: String, body: JSONValue?, now: Date)
        async throws(OutboxError) -> Bool

    /// Removes and returns an unexpired record in one step (single-use codes and nonces): of two
    /// instances taking the same record, one gets it.
    func takeRecord(kind: String, id: String, now: Date) async throws(OutboxError) -> ProtocolRecord?

    /// Deletes the records expired at `now`; returns how many.
    func purgeExpiredRecords(now: Date) async throws(OutboxError) -> Int

    /// Makes the delivered or dead jobs holding these VC ids due for delivery again, unchanged
    /// (a DCP holder asked for credentials it was already sent, or refused before it asked);
    /// returns how many. The VC is not signed again.
    func redeliver(vcIds: [String], now: Date) async throws(OutboxError) -> Int
}

/// What the holder-facing doors (OpenID4VCI's issuer, DCP's issuer service) and the destinations
/// that keep protocol state need of the store: its records and the issued-credential history.
/// Narrower than ``OutboxStore``, so the gateway can hand them a store whose every call is bounded
/// and refused at once while the store is known to fail (``BreakerGuardedRecords``).
public protocol HolderRecordStore: ProtocolRecordStore {
    /// The history rows of the VC with this id, or of every VC of the Certifier credential with this id.
    func issued(matching id: String) async throws(OutboxError) -> [IssuedCredential]
}

/// The records' table, in SQLite's dialect; the PostgreSQL store writes the same columns in its own.
enum ProtocolRecordSchema {
    static let sqliteStatements = [
        """
        CREATE TABLE records (
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            subject TEXT,
            state TEXT NOT NULL,
            body TEXT NOT NULL,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            expires_at REAL,
            PRIMARY KEY (kind, id)
        )
        """,
        "CREATE INDEX records_subject ON records (kind, subject, state)",
        "CREATE INDEX records_expiry ON records (expires_at)",
    ]
}
