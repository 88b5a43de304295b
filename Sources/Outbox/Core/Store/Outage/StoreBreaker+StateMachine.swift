extension StoreBreaker {
    /// The breaker's decisions as a plain value: events go in with the time, actions come out, and
    /// nothing here sleeps, locks or touches the store, so every transition is tested without a database.
    ///
    /// - `closed`: calls go through; `failuresToOpen` failures in a row open it.
    /// - `open`: calls are refused at once until `probeAt`; the first call after that becomes the probe.
    /// - `probing`: one probe is out; other calls are still refused. Its success closes the breaker,
    ///   its failure opens it for another `probeInterval`.
    public struct StateMachine: Sendable, Equatable {
        /// Where the breaker stands.
        public enum State: Sendable, Equatable {
            /// The store answers; `failures` counts failed calls in a row.
            case closed(failures: Int)
            /// The store is known to fail with `reason`; calls are refused until `probeAt`.
            case open(reason: String, probeAt: ContinuousClock.Instant)
            /// One call is testing the store; the others are refused meanwhile.
            case probing(reason: String, nextProbeAt: ContinuousClock.Instant)
        }

        /// What the caller of a store operation does.
        public enum CallAction: Sendable, Equatable {
            /// Run the operation.
            case proceed
            /// Run the operation as the probe that decides whether the store is back.
            case probe
            /// Do not touch the store; answer 503 with this reason and `Retry-After`.
            case refuse(reason: String, retryAfter: Duration)
        }

        /// What a finished call changed, for logs.
        public enum Transition: Sendable, Equatable {
            /// Nothing worth a log line.
            case none
            /// The breaker opened: the store is failing.
            case opened
            /// The breaker closed again: the store answers.
            case recovered
        }

        /// The current state.
        public private(set) var state: State = .closed(failures: 0)
        /// Failed calls in a row that open the breaker.
        public let failuresToOpen: Int
        /// How long calls are refused before the next probe.
        public let probeInterval: Duration

        /// A closed breaker.
        public init(failuresToOpen: Int = 2, probeInterval: Duration = .seconds(2)) {
            self.failuresToOpen = max(1, failuresToOpen)
            self.probeInterval = probeInterval
        }

        /// A request wants the store at `now`.
        public mutating func callRequested(now: ContinuousClock.Instant) -> CallAction {
            switch state {
            case .closed:
                return .proceed
            case .open(let reason, let probeAt):
                guard now >= probeAt else { return .refuse(reason: reason, retryAfter: Self.atLeastOneSecond(probeAt - now)) }
                state = .probing(reason: reason, nextProbeAt: now + probeInterval)
                return .probe
            case .probing(let reason, let nextProbeAt):
                // A probe that never reports (its task was lost) must not keep the breaker half-open forever.
                guard now >= nextProbeAt else {
                    return .refuse(reason: reason, retryAfter: Self.atLeastOneSecond(nextProbeAt - now))
                }
                state = .probing(reason: reason, nextProbeAt: now + probeInterval)
                return .probe
            }
        }

        /// A call (an ordinary one or the probe) got an answer from the store.
        public mutating func callSucceeded() -> Transition {
            switch state {
            case .closed:
                state = .closed(failures: 0)
                return .none
            case .open, .probing:
                state = .closed(failures: 0)
                return .recovered
            }
        }

        /// A call failed with `reason` (an error from the store, or no answer within the deadline) at `now`.
        public mutating func callFailed(reason: String, now: ContinuousClock.Instant) -> Transition {
            switch state {
            case .closed(let failures):
                guard failures + 1 >= failuresToOpen else {
                    state = .closed(failures: failures + 1)
                    return .none
                }
                state = .open(reason: reason, probeAt: now + probeInterval)
                return .opened
            case .probing:
                state = .open(reason: reason, probeAt: now + probeInterval)
                return .none
            case .open(_, let probeAt):
                // A call that started before the breaker opened: keep the newest reason, not a later probe.
                state = .open(reason: reason, probeAt: probeAt)
                return .none
            }
        }

        /// `Retry-After` is whole seconds, and 0 would invite a retry storm.
        static func atLeastOneSecond(_ wait: Duration) -> Duration {
            max(wait, .seconds(1))
        }
    }
}
