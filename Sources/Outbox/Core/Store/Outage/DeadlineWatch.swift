import Synchronization

/// The deadlines of the store calls in flight, watched by one task for all of them.
///
/// Why not a timer task per call: a task that sleeps until the deadline and is cancelled when the
/// answer comes first costs its creation, a timer registration and a wake-up to end it, for every
/// store call (about three per credential). In a webhook burst those were 13–25 % of `serve`'s CPU
/// (docs/PERFORMANCE.md, thirteenth round). Here a call's deadline is an entry in a table; one task
/// sleeps until the earliest deadline, expires what is due and sleeps again, and a call that
/// answers in time only removes its entry.
final class DeadlineWatch: Sendable {
    /// The watch every ``StoreDeadline`` uses.
    static let shared = DeadlineWatch()

    private struct Entry {
        let deadline: ContinuousClock.Instant
        let expire: @Sendable () -> Void
    }

    private struct State {
        var entries: [UInt64: Entry] = [:]
        var lastId: UInt64 = 0
        /// When the watching task wakes next; `nil` while no task watches.
        var wakeAt: ContinuousClock.Instant?
        /// Which watching task is current: one started for an earlier deadline replaces the one
        /// sleeping, which ends when it wakes.
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Calls `expire` once `deadline` has passed, unless ``cancel(_:)`` with the returned id comes
    /// first. `expire` runs on the watching task and must not block.
    func watch(until deadline: ContinuousClock.Instant, _ expire: @escaping @Sendable () -> Void) -> UInt64 {
        let (id, generation) = state.withLock { state -> (UInt64, UInt64?) in
            state.lastId += 1
            state.entries[state.lastId] = Entry(deadline: deadline, expire: expire)
            if let wakeAt = state.wakeAt, wakeAt <= deadline { return (state.lastId, nil) }
            state.wakeAt = deadline
            state.generation += 1
            return (state.lastId, state.generation)
        }
        if let generation { startWatching(generation: generation, firstWake: deadline) }
        return id
    }

    /// Forgets a deadline whose call answered.
    func cancel(_ id: UInt64) {
        state.withLock { _ = $0.entries.removeValue(forKey: id) }
    }

    /// How many deadlines are watched (tests).
    var count: Int { state.withLock { $0.entries.count } }

    private func startWatching(generation: UInt64, firstWake: ContinuousClock.Instant) {
        Task {
            var wakeAt = firstWake
            while true {
                try? await Task.sleep(until: wakeAt, clock: .continuous)
                let now = ContinuousClock.now
                let round = state.withLock { state -> (expired: [Entry], next: ContinuousClock.Instant?)? in
                    guard state.generation == generation else { return nil }
                    var expired: [Entry] = []
                    var next: ContinuousClock.Instant?
                    for (id, entry) in state.entries {
                        if entry.deadline <= now {
                            expired.append(entry)
                            state.entries[id] = nil
                        } else if next.map({ entry.deadline < $0 }) ?? true {
                            next = entry.deadline
                        }
                    }
                    state.wakeAt = next
                    return (expired, next)
                }
                guard let round else { return }
                for entry in round.expired { entry.expire() }
                guard let next = round.next else { return }
                wakeAt = next
            }
        }
    }
}
