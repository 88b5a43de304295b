import Foundation
import JSONCanonical
import Outbox
import Testing

/// What every ``OutboxStore`` must do with protocol records (DCP requests; OpenID4VCI state next),
/// run over SQLite and PostgreSQL alike; "another instance" is another store over the same data.
enum RecordsContract: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case insertIsOnce
    case compareAndSetHasOneWinner
    case takeIsSingleUse
    case expiredRecordsAreInvisibleAndPurged
    case lookupBySubjectAndState
    case redeliverSendsStoredVCsAgain

    var testDescription: String {
        switch self {
        case .insertIsOnce: "a record id is inserted once; a second insert changes nothing"
        case .compareAndSetHasOneWinner: "two instances moving RECEIVED to ISSUED at once: exactly one succeeds"
        case .takeIsSingleUse: "eight concurrent takes of one record (a single-use code): exactly one gets it"
        case .expiredRecordsAreInvisibleAndPurged: "an expired record is neither read, updated nor taken, and purge deletes it"
        case .lookupBySubjectAndState: "records are found by kind, subject and state, oldest first, never another kind's"
        case .redeliverSendsStoredVCsAgain:
            "redeliver makes delivered and dead jobs with those VC ids due again with their VC, and leaves others alone"
        }
    }

    func check(_ kind: StoreKind) async throws {
        try await OutboxFixture.with(kind) { outbox in
            switch self {
            case .insertIsOnce: try await Self.insertIsOnce(outbox)
            case .compareAndSetHasOneWinner: try await Self.compareAndSet(outbox)
            case .takeIsSingleUse: try await Self.takeIsSingleUse(outbox)
            case .expiredRecordsAreInvisibleAndPurged: try await Self.expiry(outbox)
            case .lookupBySubjectAndState: try await Self.lookup(outbox)
            case .redeliverSendsStoredVCsAgain: try await Self.redeliver(outbox)
            }
        }
    }

    static func request(_ id: String, holder: String = "did:web:holder.example", at time: Date = t0, expires: Date? = nil)
        -> ProtocolRecord
    {
        ProtocolRecord(
            kind: "dcp.request", id: id, subject: holder, state: "RECEIVED",
            body: ["holderPid": .string("h-\(id)"), "token": "secret-access-token"], createdAt: time, expiresAt: expires)
    }

    private static func insertIsOnce(_ outbox: OutboxFixture) async throws {
        let store = try outbox.open()
        #expect(try await store.insertRecord(request("r1")))
        var changed = request("r1")
        changed.state = "ISSUED"
        #expect(try await store.insertRecord(changed) == false)
        let read = try #require(try await store.record(kind: "dcp.request", id: "r1", now: t0))
        #expect(read.state == "RECEIVED")
        #expect(read.body["holderPid"]?.stringValue == "h-r1")
        #expect(read.subject == "did:web:holder.example")
        #expect(try await store.record(kind: "oid4vci.offer", id: "r1", now: t0) == nil)
        // The description names the record, never its body (a holder's token).
        #expect(!read.description.contains("secret-access-token"))
    }

    private static func compareAndSet(_ outbox: OutboxFixture) async throws {
        let (first, second) = (try outbox.open(), try outbox.open())
        #expect(try await first.insertRecord(request("r1")))
        async let a = first.updateRecord(
            kind: "dcp.request", id: "r1", expectedState: "RECEIVED", state: "ISSUED", body: ["by": "a"], now: t0)
        async let b = second.updateRecord(
            kind: "dcp.request", id: "r1", expectedState: "RECEIVED", state: "ISSUED", body: ["by": "b"], now: t0)
        let results = try await [a, b]
        #expect(results.filter { $0 }.count == 1)
        let read = try #require(try await first.record(kind: "dcp.request", id: "r1", now: t0))
        #expect(read.state == "ISSUED")
        #expect(read.body["by"]?.stringValue == (results[0] ? "a" : "b"))
        // Without an expected state the update applies, keeping the body when none is given.
        #expect(try await first.updateRecord(kind: "dcp.request", id: "r1", expectedState: nil, state: "REJECTED", body: nil, now: t0))
        #expect(try await first.record(kind: "dcp.request", id: "r1", now: t0)?.body["by"] != nil)
        #expect(try await first.updateRecord(kind: "dcp.request", id: "nope", expectedState: nil, state: "X", body: nil, now: t0) == false)
    }

    private static func takeIsSingleUse(_ outbox: OutboxFixture) async throws {
        let stores = try (0..<2).map { _ in try outbox.open() }
        #expect(try await stores[0].insertRecord(request("code-1")))
        let taken = try await withThrowingTaskGroup(of: ProtocolRecord?.self) { group in
            for attempt in 0..<8 {
                let store = stores[attempt % 2]
                group.addTask { try await store.takeRecord(kind: "dcp.request", id: "code-1", now: t0) }
            }
            var got: [ProtocolRecord] = []
            for try await record in group { if let record { got.append(record) } }
            return got
        }
        #expect(taken.count == 1)
        #expect(taken.first?.body["token"]?.stringValue == "secret-access-token")
        #expect(try await stores[1].record(kind: "dcp.request", id: "code-1", now: t0) == nil)
    }

    private static func expiry(_ outbox: OutboxFixture) async throws {
        let store = try outbox.open()
        let later = t0.addingTimeInterval(60)
        #expect(try await store.insertRecord(request("short", expires: later)))
        #expect(try await store.insertRecord(request("forever")))
        #expect(try await store.record(kind: "dcp.request", id: "short", now: t0) != nil)
        #expect(try await store.record(kind: "dcp.request", id: "short", now: later) == nil)
        #expect(
            try await store.updateRecord(kind: "dcp.request", id: "short", expectedState: nil, state: "ISSUED", body: nil, now: later)
                == false)
        #expect(try await store.takeRecord(kind: "dcp.request", id: "short", now: later) == nil)
        #expect(try await store.records(kind: "dcp.request", subject: nil, states: nil, now: later, limit: 10).map(\.id) == ["forever"])
        #expect(try await store.purgeExpiredRecords(now: later) == 1)
        #expect(try await store.purgeExpiredRecords(now: later) == 0)
        #expect(try await store.record(kind: "dcp.request", id: "short", now: t0) == nil)
    }

    private static func lookup(_ outbox: OutboxFixture) async throws {
        let store = try outbox.open()
        #expect(try await store.insertRecord(request("b", at: t0.addingTimeInterval(2))))
        #expect(try await store.insertRecord(request("a", at: t0.addingTimeInterval(1))))
        #expect(try await store.insertRecord(request("other", holder: "did:web:other.example")))
        var other = request("x")
        other.kind = "oid4vci.offer"
        #expect(try await store.insertRecord(other))
        #expect(try await store.updateRecord(kind: "dcp.request", id: "b", expectedState: "RECEIVED", state: "ISSUED", body: nil, now: t0))
        let mine = try await store.records(kind: "dcp.request", subject: "did:web:holder.example", states: nil, now: t0, limit: 10)
        #expect(mine.map(\.id) == ["a", "b"])
        let open = try await store.records(
            kind: "dcp.request", subject: "did:web:holder.example", states: ["RECEIVED"], now: t0, limit: 10)
        #expect(open.map(\.id) == ["a"])
        let all = try await store.records(kind: "dcp.request", subject: nil, states: ["RECEIVED", "ISSUED"], now: t0, limit: 10)
        #expect(all.map(\.id) == ["other", "a", "b"])
        #expect(try await store.records(kind: "dcp.request", subject: nil, states: nil, now: t0, limit: 1).count == 1)
    }

    private static func redeliver(_ outbox: OutboxFixture) async throws {
        let store = try outbox.open()
        for id in ["c1", "c2", "c3"] { _ = try await store.record(event: envelope("ev-\(id)", credential: id), now: t0) }
        var jobs = try await store.claimDue(owner: "W", now: t0, limit: 3, lease: .seconds(30)).sorted { $0.sourceId < $1.sourceId }
        for (index, state) in [JobState.delivered, .dead, .delivered].enumerated() {
            jobs[index].vc = ["id": .string("urn:vc:\(index)")]
            jobs[index].vcId = "urn:vc:\(index)"
            jobs[index].state = state
            jobs[index].lastError = state == .dead ? "delivery: HTTP 403 no request" : nil
            #expect(try await store.save(jobs[index], owner: "W", keepLease: false, now: t0, lease: .seconds(30)))
        }
        let later = t0.addingTimeInterval(5)
        #expect(try await store.redeliver(vcIds: ["urn:vc:0", "urn:vc:1", "urn:vc:unknown"], now: later) == 2)
        for index in 0..<2 {
            let job = try #require(try await store.job(id: jobs[index].id))
            #expect(job.state == .signed)
            #expect(job.vc?["id"]?.stringValue == "urn:vc:\(index)")
            #expect(job.lastError == nil)
            #expect(job.attempts == 0)
        }
        #expect(try await store.job(id: jobs[2].id)?.state == .delivered)
        // Due now, so the worker picks them up with their stored VCs.
        let due = try await store.claimDue(owner: "W2", now: later, limit: 5, lease: .seconds(30))
        #expect(Set(due.map(\.id)) == [jobs[0].id, jobs[1].id])
        #expect(try await store.redeliver(vcIds: [], now: later) == 0)
    }
}
