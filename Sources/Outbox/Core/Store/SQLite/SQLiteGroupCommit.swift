import GRDB
import Synchronization

/// Runs the outbox's write transactions, committing the writes that wait together in one
/// IMMEDIATE transaction (group commit).
///
/// Why: the outbox syncs the WAL at every commit (`synchronous = FULL`), and a sync holds the one
/// writer for its whole duration. With a transaction per write that cost a third of the
/// webhook-to-wallet throughput (docs/PERFORMANCE.md, tenth round); webhooks and deliveries arrive
/// together, so while one transaction commits the next writes queue behind it anyway. A write that
/// arrives at an idle store starts at once, alone; only writes that would have waited are grouped.
///
/// Each write keeps its own outcome. In a batch every write runs in its own savepoint: one that
/// throws is rolled back alone and its caller gets its error, the others commit. A caller resumes
/// only after the transaction holding its write committed, so "committed before the worker acts
/// on it" still holds. If a failing write ends the whole transaction (SQLite aborts it on some
/// errors, such as a full disk), nothing of that batch was committed: the failing write fails and
/// the others run again in a new transaction. If BEGIN or COMMIT fails, every write of the batch
/// fails with that error, as each would have alone.
///
/// A caller's cancellation does not withdraw or interrupt its write: the transaction may hold other
/// callers' writes, and a caller that stopped waiting could not tell whether its write committed.
/// Callers bound their wait themselves (the worker's and the webhook's store deadlines).
final class SQLiteGroupCommit: Sendable {
    /// One caller's write: runs in the transaction, then learns how it ended.
    struct Write: Sendable {
        let run: @Sendable (Database) throws -> Void
        let finish: @Sendable ((any Error)?) -> Void
    }

    private let pool: DatabasePool
    private let machine: Mutex<StateMachine<Write>>

    /// The most writes one transaction takes: bounds how long a transaction holds the file's write
    /// lock and how long the first write of a batch waits for the last.
    static let defaultMaxBatch = 64

    init(pool: DatabasePool, maxBatch: Int = SQLiteGroupCommit.defaultMaxBatch) {
        self.pool = pool
        self.machine = Mutex(StateMachine(maxBatch: maxBatch))
    }

    /// How many writes wait for the running transaction to end (tests hold a batch open with it).
    var waitingCount: Int { machine.withLock { $0.waitingCount } }

    /// Runs `body` in an IMMEDIATE transaction, possibly together with other callers' writes, and
    /// returns its result once that transaction committed.
    func perform<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let result = ResultSlot<T>()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let write = Write(
                run: { db in result.store(try body(db)) },
                finish: { error in
                    if let error {
                        continuation.resume(throwing: error)
                    } else if let value = result.take() {
                        continuation.resume(returning: value)
                    } else {
                        continuation.resume(throwing: OutboxError.database("transaction produced no result"))
                    }
                })
            if machine.withLock({ $0.enqueue(write) }) == .startDrain {
                pool.asyncWriteWithoutTransaction { db in self.drain(db) }
            }
        }
    }

    /// Commits batches on the writer until no write waits.
    private func drain(_ db: Database) {
        while let batch = machine.withLock({ $0.nextBatch() }) {
            Self.commit(batch, in: db)
        }
    }

    /// Commits one batch and tells each write how it ended.
    static func commit(_ batch: [Write], in db: Database) {
        var pending = batch
        while !pending.isEmpty {
            var failures: [(any Error)?] = Array(repeating: nil, count: pending.count)
            var abortedAt: Int?
            do {
                try db.inTransaction(.immediate) {
                    if pending.count == 1 {
                        // Alone, the transaction is the write's scope: no savepoint needed.
                        try pending[0].run(db)
                        return .commit
                    }
                    for index in pending.indices {
                        do {
                            try db.inSavepoint {
                                try pending[index].run(db)
                                return .commit
                            }
                        } catch {
                            failures[index] = error
                            if !db.isInsideTransaction {
                                abortedAt = index
                                throw error
                            }
                        }
                    }
                    return .commit
                }
            } catch {
                guard let abortedAt else {
                    // BEGIN or COMMIT failed, or a lone write threw: nothing was committed.
                    for (write, failure) in zip(pending, failures) { write.finish(failure ?? error) }
                    return
                }
                // The write at `abortedAt` ended the transaction: the writes that failed up to it
                // fail; the others (rolled back with it, or not yet run) run again.
                var again: [Write] = []
                for (index, write) in pending.enumerated() {
                    if index <= abortedAt, let failure = failures[index] {
                        write.finish(failure)
                    } else {
                        again.append(write)
                    }
                }
                pending = again
                continue
            }
            for (write, failure) in zip(pending, failures) { write.finish(failure) }
            return
        }
    }
}

/// Carries a write's result from the writer's thread to its caller. Written once inside the
/// transaction and read once after it ended, both under the lock.
private final class ResultSlot<T: Sendable>: Sendable {
    private let value = Mutex<T?>(nil)

    func store(_ newValue: T) { value.withLock { $0 = newValue } }
    func take() -> T? { value.withLock { $0 } }
}
