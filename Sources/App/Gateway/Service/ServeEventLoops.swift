import NIOCore

/// How many NIO event loops `certbridge serve` runs: one per four cores, at least one.
///
/// Why not NIO's default of one loop per core: in `serve` the loops only carry sockets (the
/// webhook server, the HTTP clients, PostgreSQL), while mapping, signing and the outbox's work run
/// on Swift's concurrency pool, which already has a thread per core, and on the outbox's writer
/// thread. A loop per core doubles the threads that wake each other for every credential. On the
/// two-core host of docs/PERFORMANCE.md (thirteenth round) one loop took 5–11 % off `serve`'s CPU
/// per credential, with SQLite and with PostgreSQL, at unchanged webhook-to-import latency.
///
/// One loop carried 110–150 µs of socket work per credential there (three HTTP exchanges), so it
/// would limit a process somewhere near 7,000 credentials per second; hence one more loop per four
/// cores, for hosts where the rest of `serve` is that fast.
///
/// NIO's own `NIO_SINGLETON_GROUP_LOOP_COUNT` overrides this: when it is set, `serve` leaves the
/// count to NIO.
public enum ServeEventLoops {
    /// NIO's environment variable for the size of its shared event loop group.
    public static let environmentVariable = "NIO_SINGLETON_GROUP_LOOP_COUNT"

    /// The loop count `serve` chooses for `coreCount` cores, or `nil` when the operator set
    /// ``environmentVariable`` (NIO then reads it).
    public static func chosenCount(coreCount: Int, environment: [String: String]) -> Int? {
        guard environment[environmentVariable] == nil else { return nil }
        return max(1, coreCount / 4)
    }

    /// Sizes NIO's shared event loop group for `serve` and returns the number of loops it will have.
    ///
    /// Call once per process, before anything uses NIO's shared group (the HTTP clients are made
    /// with the composition root's parts): NIO stops a process that sets the size twice, and a
    /// size set after the group exists has no effect.
    public static func configure(environment: [String: String]) -> Int {
        if let count = chosenCount(coreCount: System.coreCount, environment: environment) {
            NIOSingletons.groupLoopCountSuggestion = count
        }
        return NIOSingletons.groupLoopCountSuggestion
    }
}
