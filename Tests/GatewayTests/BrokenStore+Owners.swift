import Foundation
import Outbox

/// Heartbeats fail like every other call of a store whose database is gone.
extension BrokenStore {
    func heartbeat(_ owner: LeaseOwner, holding: [Int64], lease: Duration, timeout: Duration, now: Date)
        async throws(OutboxError) -> HeartbeatOutcome
    { throw failure }
    func retireOwner(named owner: String) async throws(OutboxError) -> Int { throw failure }
    func leaseOwners(now: Date) async throws(OutboxError) -> [LeaseOwnerStatus] { throw failure }
}
