import NIOConcurrencyHelpers

/// Bounds one store call in time.
///
/// A task group would wait for its child to finish even after the deadline, and a SQLite call stuck
/// on a busy lock or a pool waiting for a connection does not stop at once when cancelled. So the
/// call runs in its own task, and whichever comes first (its answer or the deadline, which
/// ``DeadlineWatch`` keeps for every call) resumes the caller; the late call is cancelled and left
/// to finish on its own. A write that commits after its request got 503 is harmless: the sender
/// retries and the outbox answers `duplicate`.
enum StoreDeadline {
    /// How a bounded call ended.
    enum Outcome<Value: Sendable>: Sendable {
        case value(Value)
        case failure(reason: String)
    }

    /// Runs `operation` until it answers or `limit` passes; `setting` names the configuration key
    /// behind `limit` in the failure's reason.
    static func run<Value: Sendable>(
        within limit: Duration, setting: String = "store.request_timeout", _ operation: @escaping @Sendable () async throws -> Value
    ) async -> Outcome<Value> {
        let waiting = NIOLockedValueBox<CheckedContinuation<Outcome<Value>, Never>?>(nil)
        let finish: @Sendable (Outcome<Value>) -> Bool = { outcome in
            let continuation = waiting.withLockedValue { current in
                defer { current = nil }
                return current
            }
            continuation?.resume(returning: outcome)
            return continuation != nil
        }
        return await withCheckedContinuation { continuation in
            waiting.withLockedValue { $0 = continuation }
            let work = NIOLockedValueBox<Task<Void, Never>?>(nil)
            let deadline = DeadlineWatch.shared.watch(until: .now + limit) {
                if finish(.failure(reason: "no answer within \(Self.text(limit)) (\(setting))")) {
                    work.withLockedValue { $0?.cancel() }
                }
            }
            work.withLockedValue { current in
                current = Task {
                    do {
                        _ = finish(.value(try await operation()))
                    } catch {
                        _ = finish(.failure(reason: String(describing: error)))
                    }
                    // The answer came first (or the deadline did and expired its entry already).
                    DeadlineWatch.shared.cancel(deadline)
                }
            }
        }
    }

    /// `2.5 s` for messages.
    static func text(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let value = Double(seconds) + Double(attoseconds) / 1e18
        return value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
