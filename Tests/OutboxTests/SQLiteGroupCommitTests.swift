@testable import Outbox
import Foundation
import GRDB
import ServeRig
import Synchronization
import Testing

/// The queue of the SQLite store's group commit, without a database: writes in, batches out.
@Suite("SQLite group commit state machine")
struct SQLiteGroupCommitStateMachineTests {
    @Test("the first write starts a drain; writes arriving during it wait for its next batch")
    func firstWriteStartsDrain() {
        var machine = SQLiteGroupCommit.StateMachine<Int>(maxBatch: 8)
        #expect(machine.enqueue(1) == .startDrain)
        #expect(machine.state == .draining)
        #expect(machine.enqueue(2) == .none)
        #expect(machine.enqueue(3) == .none)
        #expect(machine.waitingCount == 3)
        #expect(machine.nextBatch() == [1, 2, 3])
        #expect(machine.waitingCount == 0)
    }

    @Test("batches are the oldest writes first, at most maxBatch each; an empty queue ends the drain")
    func batchesInOrderAndBounded() {
        var machine = SQLiteGroupCommit.StateMachine<Int>(maxBatch: 2)
        for write in 1...5 { _ = machine.enqueue(write) }
        #expect(machine.nextBatch() == [1, 2])
        #expect(machine.nextBatch() == [3, 4])
        #expect(machine.enqueue(6) == .none)
        #expect(machine.nextBatch() == [5, 6])
        #expect(machine.nextBatch() == nil)
        #expect(machine.state == .idle)
    }

    @Test("after a drain ended, the next write starts a new one")
    func idleAgainStartsDrain() {
        var machine = SQLiteGroupCommit.StateMachine<Int>(maxBatch: 4)
        _ = machine.enqueue(1)
        _ = machine.nextBatch()
        #expect(machine.nextBatch() == nil)
        #expect(machine.enqueue(2) == .startDrain)
        #expect(machine.nextBatch() == [2])
    }

    @Test("a batch size below one is taken as one")
    func batchOfAtLeastOne() {
        var machine = SQLiteGroupCommit.StateMachine<Int>(maxBatch: 0)
        _ = machine.enqueue(1)
        _ = machine.enqueue(2)
        #expect(machine.nextBatch() == [1])
    }
}

/// The group commit over a real SQLite file: what each caller sees when writes share a transaction.
@Suite("SQLite group commit")
struct SQLiteGroupCommitTests {
    /// A pool over a fresh file with one table, and a count of its commits.
    struct Rig {
        let outbox: TemporaryOutbox
        let pool: DatabasePool
        let writes: SQLiteGroupCommit
        let commits: CommitCounter
        let holding = Flag()
        /// Every statement the pool's connections ran, as SQLite traced it.
        let statements = StatementLog()

        init() throws {
            outbox = try TemporaryOutbox()
            var configuration = Configuration()
            configuration.prepareDatabase { [statements] db in
                db.trace(options: .statement) { event in statements.append("\(event)") }
            }
            pool = try DatabasePool(path: outbox.path, configuration: configuration)
            try pool.write { db in try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT)") }
            commits = CommitCounter()
            pool.add(transactionObserver: commits, extent: .databaseLifetime)
            writes = SQLiteGroupCommit(pool: pool)
        }

        /// Starts a write that holds the writer until `count` further writes wait, so that they
        /// are sure to share the next transaction, and returns once it runs: writes started after
        /// this wait for the next transaction. The held write inserts row 1.
        func holdWriter(until count: Int) async throws -> Task<Int64, any Error> {
            let writes = self.writes
            let holding = self.holding
            let held = Task {
                try await writes.perform { db in
                    holding.set()
                    let deadline = Date().addingTimeInterval(10)
                    while writes.waitingCount < count, Date() < deadline { usleep(1_000) }
                    try db.execute(sql: "INSERT INTO t (id, note) VALUES (1, 'held')")
                    return db.lastInsertedRowID
                }
            }
            let deadline = Date().addingTimeInterval(10)
            while !holding.isSet, Date() < deadline { try await Task.sleep(for: .milliseconds(1)) }
            try #require(holding.isSet)
            return held
        }

        /// Starts a write and returns once it waits behind the held one, so that writes started
        /// one after another queue in that order.
        func queue<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> Task<T, any Error> {
            let waiting = writes.waitingCount
            let writes = self.writes
            let task = Task { try await writes.perform(body) }
            let deadline = Date().addingTimeInterval(10)
            while writes.waitingCount == waiting, Date() < deadline { try await Task.sleep(for: .milliseconds(1)) }
            return task
        }

        func ids() throws -> [Int64] {
            try pool.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM t ORDER BY id") }
        }
    }

    final class Flag: Sendable {
        private let value = Mutex(false)
        var isSet: Bool { value.withLock { $0 } }
        func set() { value.withLock { $0 = true } }
    }

    final class StatementLog: Sendable {
        private let statements = Mutex<[String]>([])
        var all: [String] { statements.withLock { $0 } }
        func append(_ statement: String) { statements.withLock { $0.append(statement) } }
        /// How many statements begin with `prefix` (case as written: GRDB writes its own in capitals).
        func count(startingWith prefix: String) -> Int { all.filter { $0.hasPrefix(prefix) }.count }
    }

    final class Counter: Sendable {
        private let count = Mutex(0)
        var value: Int { count.withLock { $0 } }
        func add() { count.withLock { $0 += 1 } }
    }

    final class CommitCounter: TransactionObserver, Sendable {
        private let commits = Counter()
        var value: Int { commits.value }
        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { true }
        func databaseDidChange(with event: DatabaseEvent) {}
        func databaseDidCommit(_ db: Database) { commits.add() }
        func databaseDidRollback(_ db: Database) {}
    }

    struct Refused: Error, Equatable { let id: Int }

    @Test("writes that arrive while a transaction runs commit together, each getting its own result")
    func waitingWritesShareOneCommit() async throws {
        let rig = try Rig()
        defer { rig.outbox.remove() }
        let held = try await rig.holdWriter(until: 20)
        let results = try await withThrowingTaskGroup(of: (Int, Int64).self) { group in
            for id in 2...21 {
                group.addTask {
                    (id, try await rig.writes.perform { db in
                        try db.execute(sql: "INSERT INTO t (id, note) VALUES (?, 'waited')", arguments: [id])
                        return db.lastInsertedRowID
                    })
                }
            }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        #expect(try await held.value == 1)
        #expect(results.count == 20)
        #expect(results.allSatisfy { Int64($0.key) == $0.value })
        #expect(try rig.ids() == (1...21).map(Int64.init))
        // One transaction for the held write, one for the twenty that waited (21 without grouping).
        #expect(rig.commits.value == 2)
        // The writes of a transaction run without a savepoint each (two statements per write).
        #expect(rig.statements.count(startingWith: "SAVEPOINT") == 0, "\(rig.statements.all)")
    }

    @Test("a write that throws in a shared transaction is rolled back alone; the others commit")
    func failingWriteRolledBackAlone() async throws {
        let rig = try Rig()
        defer { rig.outbox.remove() }
        let held = try await rig.holdWriter(until: 3)
        let first = try await rig.queue { db in try db.execute(sql: "INSERT INTO t (id) VALUES (10)") }
        let failing = try await rig.queue { db in
            // Its first statement succeeds; the second throws: both must be undone.
            try db.execute(sql: "INSERT INTO t (id) VALUES (20)")
            try db.execute(sql: "INSERT INTO t (id) VALUES (1)")
        }
        let last = try await rig.queue { db in try db.execute(sql: "INSERT INTO t (id) VALUES (30)") }
        _ = try await held.value
        try await first.value
        try await last.value
        await #expect(throws: DatabaseError.self) { try await failing.value }
        #expect(try rig.ids() == [1, 10, 30])
        #expect(rig.commits.value == 2)
        // The failing write rolled the batch back; the other two ran again and committed.
        #expect(rig.statements.count(startingWith: "ROLLBACK") == 1, "\(rig.statements.all)")
        #expect(rig.statements.count(startingWith: "INSERT INTO t (id) VALUES (10)") == 2)
        #expect(rig.statements.count(startingWith: "INSERT INTO t (id) VALUES (30)") == 1)
    }

    @Test("a write that ends the whole transaction fails alone; the writes rolled back with it run again")
    func abortedTransactionRunsOthersAgain() async throws {
        let rig = try Rig()
        defer { rig.outbox.remove() }
        let runs = Counter()
        let held = try await rig.holdWriter(until: 3)
        let before = try await rig.queue { db in
            runs.add()
            try db.execute(sql: "INSERT INTO t (id) VALUES (10)")
        }
        let aborting = try await rig.queue { db in
            // What SQLite does on a full disk or an I/O error: the transaction is gone.
            try db.execute(sql: "ROLLBACK")
            throw Refused(id: 20)
        }
        let after = try await rig.queue { db in try db.execute(sql: "INSERT INTO t (id) VALUES (30)") }
        _ = try await held.value
        try await before.value
        try await after.value
        await #expect(throws: Refused(id: 20)) { try await aborting.value }
        #expect(try rig.ids() == [1, 10, 30])
        // The write before the aborting one was rolled back with it and ran again.
        #expect(runs.value == 2)
    }

    @Test("a write alone at an idle store commits at once, in a transaction of its own")
    func loneWrite() async throws {
        let rig = try Rig()
        defer { rig.outbox.remove() }
        for id in 1...3 {
            _ = try await rig.writes.perform { db in try db.execute(sql: "INSERT INTO t (id) VALUES (?)", arguments: [id]) }
        }
        #expect(try rig.ids() == [1, 2, 3])
        #expect(rig.commits.value == 3)
        await #expect(throws: DatabaseError.self) {
            try await rig.writes.perform { db in try db.execute(sql: "INSERT INTO t (id) VALUES (1)") }
        }
        #expect(rig.commits.value == 3)
    }
}
