import Foundation
import JSONCanonical

/// The store as the holder-facing doors (OpenID4VCI's issuer, DCP's issuer service) see it in
/// `serve`: every call goes through the gateway's ``StoreBreaker``, so while the database is gone,
/// full or locked a holder's request gets a 503 within `store.request_timeout`, or at once while
/// the breaker is open, instead of waiting on the pool. The doors already answer a store error
/// with `503 temporarily_unavailable` and `Retry-After`; this only makes that answer fast.
///
/// Sharing the webhook's breaker is deliberate: it is one store, and a failure seen by either
/// side spares the other the wait.
public struct BreakerGuardedRecords: HolderRecordStore {
    let store: any HolderRecordStore
    let breaker: StoreBreaker

    /// Guards `store` with `breaker`.
    public init(_ store: any HolderRecordStore, breaker: StoreBreaker) {
        self.store = store
        self.breaker = breaker
    }

    private func guarded<Value: Sendable>(
        _ operation: @escaping @Sendable (any HolderRecordStore) async throws -> Value
    ) async throws(OutboxError) -> Value {
        let store = store
        do {
            return try await breaker.call { try await operation(store) }
        } catch {
            throw .unavailable(error.description)
        }
    }

    public func insertRecord(_ record: ProtocolRecord) async throws(OutboxError) -> Bool {
        try await guarded { try await $0.insertRecord(record) }
    }

    public func record(kind: String, id: String, now: Date) async throws(OutboxError) -> ProtocolRecord? {
        try await guarded { try await $0.record(kind: kind, id: id, now: now) }
    }

    public func records(kind: String, subject: String?, states: Set<String>?, now: Date, limit: Int) async throws(OutboxError)
        -> [ProtocolRecord]
    {
        try await guarded { try await $0.records(kind: kind, subject: subject, states: states, now: now, limit: limit) }
    }

    public func updateRecord(kind: String, id: String, expectedState: String?, state: String, body: JSONValue?, now: Date)
        async throws(OutboxError) -> Bool
    {
        try await guarded {
            try await $0.updateRecord(kind: kind, id: id, expectedState: expectedState, state: state, body: body, now: now)
        }
    }

    public func takeRecord(kind: String, id: String, now: Date) async throws(OutboxError) -> ProtocolRecord? {
        try await guarded { try await $0.takeRecord(kind: kind, id: id, now: now) }
    }

    public func purgeExpiredRecords(now: Date) async throws(OutboxError) -> Int {
        try await guarded { try await $0.purgeExpiredRecords(now: now) }
    }

    public func redeliver(vcIds: [String], now: Date) async throws(OutboxError) -> Int {
        try await guarded { try await $0.redeliver(vcIds: vcIds, now: now) }
    }

    public func issued(matching id: String) async throws(OutboxError) -> [IssuedCredential] {
        try await guarded { try await $0.issued(matching: id) }
    }
}
