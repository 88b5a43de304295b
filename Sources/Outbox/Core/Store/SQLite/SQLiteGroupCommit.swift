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
/// Each write keeps its own outcome: one that throws is rolled back and its caller gets its error,
/// the others commit. A write that throws rolls its whole batch back, and the batch's other writes
/// run again without it in a new transaction (``commit(_:in:)``), so every write may run more than
/// once before it commits; the store's writes only touch the database. A caller resumes only after
/// the transaction holding its write committed, so "committed before the worker acts on it" still
/// holds. If BEGIN or COMMIT fails, every write of the batch fails with that error, as each would
/// have alone.
///
/// Why not a savepoint per write, which rolls back the failing write alone: a savepoint costs two
/// statements that GRDB prepares anew each time (`SAVEPOINT`, `RELEASE`), its journal a copy of
/// every page the write changes, about 2 % of `serve`'s CPU in a webhook burst (docs/PERFORMANCE.md,
/// thirteenth round), while a write that throws is rare (a VC id another job holds, a full disk).
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
    ///
    /// The writes run one after the other in one transaction, with no savepoint each. When one
    /// throws, the transaction is rolled back whole; that write gets its error and the others run
    /// again, without it, in a new transaction. They then see what they would have seen had the
    /// failing write been rolled back alone.
    static func commit(_ batch: [Write], in db: Database) {
        var pending = batch
        while !pending.isEmpty {
            var failed: (index: Int, error: any Error)?
            do {
                try db.inTransaction(.immediate) {
                    for index in pending.indices {
                        do {
                            try pending[index].run(db)
                        } catch {
                            failed = (index, error)
                            throw error
                        }
                    }
                    return .commit
                }
            } catch {
                guard let failed else {
                    // BEGIN or COMMIT failed: nothing was committed.
                    for write in pending { write.finish(error) }
                    return
                }
                pending.remove(at: failed.index).finish(failed.error)
                continue
            }
            for write in pending { write.finish(nil) }
            return
        }
    }
}

/// Carries a write's result from the writer's thread to its caller. Written inside the transaction
/// (again when the write runs again) and read once after the write's transaction ended, both under
/// the lock.
private final class ResultSlot<T: Sendable>: Sendable {
    private let value = Mutex<T?>(nil)

    func store(_ newValue: T) { value.withLock { $0 = newValue } }
    func take() -> T? { value.withLock { $0 } }
}
