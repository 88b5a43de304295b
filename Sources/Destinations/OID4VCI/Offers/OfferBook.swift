import Foundation
import JSONCanonical
import Outbox

/// The offers in the outbox store: made, found, listed, revoked and superseded here, for the
/// destination, the issuer endpoints and the `offers` commands alike.
public struct OfferBook: Sendable {
    let store: any HolderRecordStore

    /// The book over `store`.
    public init(store: any HolderRecordStore) {
        self.store = store
    }

    /// Stores a new offer; `false` if its id was taken (never in practice: 256 random bits).
    func insert(_ offer: Offer) async throws(OutboxError) -> Bool {
        try await store.insertRecord(offer.record)
    }

    /// The offer with this id, unless unknown or expired.
    public func offer(id: String, now: Date = Date()) async throws(OutboxError) -> Offer? {
        try await store.record(kind: Offer.recordKind, id: id, now: now).flatMap(Offer.init(record:))
    }

    /// The offers made for one Certifier credential, oldest first.
    public func offers(sourceId: String, now: Date = Date()) async throws(OutboxError) -> [Offer] {
        try await store.records(kind: Offer.recordKind, subject: sourceId, states: nil, now: now, limit: 1000)
            .compactMap(Offer.init(record:))
    }

    /// Offers, oldest first, optionally only in `states`.
    public func list(states: Set<Offer.State>? = nil, limit: Int = 1000, now: Date = Date()) async throws(OutboxError) -> [Offer] {
        try await store.records(kind: Offer.recordKind, subject: nil, states: states.map { Set($0.map(\.rawValue)) }, now: now, limit: limit)
            .compactMap(Offer.init(record:))
    }

    /// Finds an offer by its id, or the newest offer of a Certifier credential with that id.
    public func find(_ reference: String, now: Date = Date()) async throws(OutboxError) -> Offer? {
        if let offer = try await offer(id: reference, now: now) { return offer }
        return try await offers(sourceId: reference, now: now).max { $0.createdAt < $1.createdAt }
    }

    /// Writes `offer` over its stored self if that is still in `expected` (compare-and-set, so two
    /// instances never both redeem or both lock); `false` when it moved on meanwhile.
    func update(_ offer: Offer, expected: Offer.State, now: Date = Date()) async throws(OutboxError) -> Bool {
        var changed = offer
        changed.updatedAt = now
        let record = changed.record
        return try await store.updateRecord(
            kind: Offer.recordKind, id: offer.id, expectedState: expected.rawValue, state: record.state, body: record.body, now: now)
    }

    /// Ends an open (or locked) offer: revoked by an operator or withdrawn with its credential,
    /// or superseded by a newer revision. The unsigned credential is dropped. `false` when it
    /// was no longer open or locked.
    public func close(_ offer: Offer, as state: Offer.State, reason: String, now: Date = Date()) async throws(OutboxError) -> Bool {
        guard offer.state == .open || offer.state == .locked else { return false }
        var closed = offer
        closed.state = state
        closed.reason = reason
        closed.credential = nil
        return try await update(closed, expected: offer.state, now: now)
    }

    /// Records the last e-mail attempt on an offer, whatever its state.
    func noteMail(_ offer: Offer, _ note: String, now: Date = Date()) async throws(OutboxError) {
        var noted = offer
        noted.mail = note
        _ = try await update(noted, expected: offer.state, now: now)
    }
}
