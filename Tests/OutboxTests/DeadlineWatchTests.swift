import Foundation
import Synchronization
import Testing

@testable import Outbox

/// One task watches every store call's deadline (``DeadlineWatch``).
@Suite("Deadline watch")
struct DeadlineWatchTests {
    /// The instants at which each deadline expired, by name, and how often each expired.
    final class Expiries: Sendable {
        private let fired = Mutex<[String: (at: ContinuousClock.Instant, times: Int)]>([:])
        func record(_ name: String) { fired.withLock { $0[name] = (.now, ($0[name]?.times ?? 0) + 1) } }
        subscript(name: String) -> ContinuousClock.Instant? { fired.withLock { $0[name]?.at } }
        var names: Set<String> { fired.withLock { Set($0.keys) } }
        /// The names that expired more than once.
        var repeated: Set<String> { fired.withLock { Set($0.filter { $0.value.times > 1 }.keys) } }
    }

    /// How long a test waits for what it expects before failing. Generous on purpose: the
    /// watching task runs on the shared cooperative pool, which the whole suite running in
    /// parallel on two cores has starved for seconds (an "early" expiry came 11 s late once).
    /// Each test ends as soon as its condition holds, and what a test tells apart lies far
    /// beyond this (a deadline an hour away), so the margin costs nothing and hides nothing.
    static let patience: Duration = .seconds(60)

    /// Polls until `condition` holds or ``patience`` runs out.
    static func eventually(_ condition: () -> Bool) async throws {
        let end = ContinuousClock.now + patience
        while !condition() && ContinuousClock.now < end { try await Task.sleep(for: .milliseconds(5)) }
    }

    @Test("a deadline expires once it has passed, and its entry goes")
    func expires() async throws {
        let watch = DeadlineWatch()
        let expiries = Expiries()
        let start = ContinuousClock.now
        _ = watch.watch(until: start + .milliseconds(50)) { expiries.record("a") }
        try await Self.eventually { expiries["a"] != nil }
        let fired = try #require(expiries["a"])
        #expect(fired >= start + .milliseconds(50))
        #expect(watch.count == 0)
    }

    @Test("a deadline cancelled before it passes never expires")
    func cancelled() async throws {
        let watch = DeadlineWatch()
        let expiries = Expiries()
        let id = watch.watch(until: .now + .milliseconds(50)) { expiries.record("cancelled") }
        _ = watch.watch(until: .now + .milliseconds(150)) { expiries.record("kept") }
        watch.cancel(id)
        try await Self.eventually { expiries["kept"] != nil }
        #expect(expiries.names == ["kept"])
        #expect(watch.count == 0)
    }

    @Test("an earlier deadline added while the watch sleeps until a later one expires on time")
    func earlierDeadlineWakesTheWatch() async throws {
        let watch = DeadlineWatch()
        let expiries = Expiries()
        let late = watch.watch(until: .now + .seconds(3_600)) { expiries.record("late") }
        let start = ContinuousClock.now
        _ = watch.watch(until: start + .milliseconds(50)) { expiries.record("early") }
        try await Self.eventually { expiries["early"] != nil }
        let fired = try #require(expiries["early"], "the early deadline waited for the late one")
        #expect(fired - start < Self.patience)
        #expect(expiries["late"] == nil)
        #expect(watch.count == 1)
        watch.cancel(late)
    }

    @Test("deadlines of different lengths, added in any order, each expire once")
    func manyDeadlines() async throws {
        let watch = DeadlineWatch()
        let expiries = Expiries()
        let offsets = [120, 10, 60, 10, 200, 30, 90]
        for (index, milliseconds) in offsets.enumerated() {
            _ = watch.watch(until: .now + .milliseconds(milliseconds)) { expiries.record("\(index)") }
        }
        try await Self.eventually { expiries.names.count == offsets.count }
        #expect(expiries.names == Set(offsets.indices.map { "\($0)" }))
        // Still once each after the longest deadline has had time to come round again.
        try await Task.sleep(for: .milliseconds(250))
        #expect(expiries.repeated.isEmpty, "expired more than once: \(expiries.repeated)")
        #expect(watch.count == 0)
    }
}
