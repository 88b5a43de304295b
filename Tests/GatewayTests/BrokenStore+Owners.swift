import Foundation
import Outbox

/// Heartbeats fail like every other call of a store whose database is gone, or, while
/// `heartbeatsHang` is set, never answer, ignoring cancellation (as a pooled PostgreSQL transaction
/// did after a server restart).
extension BrokenStore {
    func heartbeat(_ owner: LeaseOwner, holding: [Int64], lease: Duration, timeout: Duration, now: Date)
        async throws(OutboxError) -> HeartbeatOutcome
    {
        while heartbeatsHang.withLockedValue({ $0 }) {
            // In a detached task, so the caller's cancellation does not cut the sleep short (a
            // cancelled Task.sleep returns at once, and this loop would spin on a pool thread).
            await Task.detached { try? await Task.sleep(for: .milliseconds(20)) }.value
        }
        throw failure
    }
    func retireOwner(named owner: String) async throws(OutboxError) -> Int { throw failure }
    func leaseOwners(now: Date) async throws(OutboxError) -> [LeaseOwnerStatus] { throw failure }
}
