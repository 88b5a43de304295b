import Foundation
import Outbox

/// Hands out status list indexes from blocks reserved in the store, so issuing a credential
/// costs no store round-trip of its own: one reservation serves `blockSize` credentials.
///
/// Indexes reserved but never used (the process stopped) stay allocated and never set: the
/// list only grows a little emptier, which costs nothing and reveals nothing.
public actor StatusIndexPool {
    private let store: any OutboxStore
    private let blockSize: Int
    private let listEntries: Int
    private let clock: @Sendable () -> Date
    private var reserved: [StatusListFamily: [StatusSlot]] = [:]

    /// A pool over `store`; lists have `listEntries` entries (at least 131,072).
    public init(store: any OutboxStore, blockSize: Int, listEntries: Int, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.blockSize = max(1, blockSize)
        self.listEntries = listEntries
        self.clock = clock
    }

    /// One unused index of `family`'s open list.
    public func take(_ family: StatusListFamily) async throws(OutboxError) -> StatusSlot {
        if let slot = reserved[family]?.popLast() { return slot }
        let block = try await store.reserveStatusIndexes(family, count: blockSize, listEntries: listEntries, now: clock())
        // Another task of this actor may have refilled the family while this one awaited the store.
        reserved[family, default: []].append(contentsOf: block)
        guard let slot = reserved[family]?.popLast() else {
            throw .database("the store reserved no index for status list family \(family)")
        }
        return slot
    }
}
