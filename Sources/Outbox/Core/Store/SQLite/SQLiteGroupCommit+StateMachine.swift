extension SQLiteGroupCommit {
    /// Which writes wait and whether a drain is running, as a plain value: nothing here locks,
    /// sleeps or touches the database, so every transition is tested without one.
    ///
    /// - `idle`: no drain runs; the next write to arrive starts one.
    /// - `draining`: a drain runs on the database's writer and takes the waiting writes in batches
    ///   of at most `maxBatch`, oldest first, until none wait; then the machine is idle again.
    ///   Writes that arrive meanwhile wait for the drain's next batch, which is what groups them.
    struct StateMachine<Write>: Sendable where Write: Sendable {
        /// Whether a drain is running.
        enum State: Sendable, Equatable {
            case idle
            case draining
        }

        /// What the caller of ``enqueue(_:)`` does.
        enum EnqueueAction: Sendable, Equatable {
            /// Schedule a drain on the database's writer: none runs.
            case startDrain
            /// Nothing: the running drain takes the write in its next batch.
            case none
        }

        private(set) var state: State = .idle
        private var waiting: [Write] = []
        /// The most writes one transaction takes.
        let maxBatch: Int

        init(maxBatch: Int) {
            self.maxBatch = max(1, maxBatch)
        }

        /// How many writes wait for a batch.
        var waitingCount: Int { waiting.count }

        /// A write arrives.
        mutating func enqueue(_ write: Write) -> EnqueueAction {
            waiting.append(write)
            guard state == .idle else { return .none }
            state = .draining
            return .startDrain
        }

        /// The drain asks for its next batch: the oldest waiting writes, at most `maxBatch`; `nil`
        /// when none wait, which ends the drain (the next write starts a new one).
        mutating func nextBatch() -> [Write]? {
            guard state == .draining, !waiting.isEmpty else {
                state = .idle
                return nil
            }
            guard waiting.count > maxBatch else {
                defer { waiting.removeAll(keepingCapacity: true) }
                return waiting
            }
            let batch = Array(waiting.prefix(maxBatch))
            waiting.removeFirst(maxBatch)
            return batch
        }
    }
}
