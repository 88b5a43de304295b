import NIOConcurrencyHelpers

/// Keeps requests from stalling on a failing outbox store (the database is gone, the disk is full,
/// another process holds the write lock): every call from a request gets a deadline, and while the
/// store is known to fail, calls are refused at once (503 with `Retry-After`) instead of each
/// waiting for that deadline. A probe, at most one per `probeInterval`, closes it again; `/readyz`
/// probes on every poll, so the service recovers by itself even when no webhook arrives.
///
/// The decisions live in ``StateMachine``; this type only holds it under a lock and runs the calls.
public final class StoreBreaker: Sendable {
    /// How long a request waits for the store before it answers 503.
    public let requestTimeout: Duration
    private let machine: NIOLockedValueBox<StateMachine>
    private let clock = ContinuousClock()

    /// A closed breaker; `requestTimeout` bounds each call, `probeInterval` spaces the probes.
    public init(requestTimeout: Duration = .milliseconds(2500), probeInterval: Duration = .seconds(2), failuresToOpen: Int = 2) {
        self.requestTimeout = requestTimeout
        machine = NIOLockedValueBox(StateMachine(failuresToOpen: failuresToOpen, probeInterval: probeInterval))
    }

    /// The current state (for tests and logs).
    public var state: StateMachine.State { machine.withLockedValue { $0.state } }

    /// Runs `operation` unless the store is known to fail; a failure or a missed deadline counts against the store.
    public func call<Value: Sendable>(
        _ operation: @escaping @Sendable () async throws -> Value
    ) async throws(StoreUnavailable) -> Value {
        let now = clock.now
        switch machine.withLockedValue({ $0.callRequested(now: now) }) {
        case .refuse(let reason, let retryAfter):
            throw StoreUnavailable(reason: reason, retryAfter: retryAfter)
        case .proceed, .probe:
            return try await run(operation)
        }
    }

    /// Runs `operation` whatever the state, as a probe: its success closes the breaker (`/readyz`).
    public func probe<Value: Sendable>(
        _ operation: @escaping @Sendable () async throws -> Value
    ) async throws(StoreUnavailable) -> Value {
        try await run(operation)
    }

    private func run<Value: Sendable>(
        _ operation: @escaping @Sendable () async throws -> Value
    ) async throws(StoreUnavailable) -> Value {
        let outcome = await StoreDeadline.run(within: requestTimeout, operation)
        switch outcome {
        case .value(let value):
            _ = machine.withLockedValue { $0.callSucceeded() }
            return value
        case .failure(let reason):
            let now = clock.now
            let retryAfter = machine.withLockedValue { machine in
                _ = machine.callFailed(reason: reason, now: now)
                return machine.retryAfter(now: now)
            }
            throw StoreUnavailable(reason: reason, retryAfter: retryAfter)
        }
    }
}

extension StoreBreaker.StateMachine {
    /// When a refused caller should come back: the next probe, or one second while the breaker is closed.
    func retryAfter(now: ContinuousClock.Instant) -> Duration {
        switch state {
        case .closed: .seconds(1)
        case .open(_, let probeAt): Self.atLeastOneSecond(probeAt - now)
        case .probing(_, let nextProbeAt): Self.atLeastOneSecond(nextProbeAt - now)
        }
    }
}

/// The outbox store did not answer a request in time, failed, or is known to be failing.
public struct StoreUnavailable: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why, as the store said it (store errors never carry passwords; see `PostgresFailure`).
    public var reason: String
    /// When to try again.
    public var retryAfter: Duration

    /// The `Retry-After` header value: whole seconds, rounded up, at least 1.
    public var retryAfterSeconds: Int {
        let (seconds, attoseconds) = retryAfter.components
        return max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
    }

    /// Text for the 503 body and logs.
    public var description: String { "outbox store unavailable: \(reason)" }
}
