import Certifier
import Delivery
import Foundation
import JSONCanonical
import Testing

@Suite("SQLite outbox store")
struct SQLiteOutboxStoreTests {
    @Test("the same envelope id is recorded once; a second event for a pending credential coalesces")
    func deduplicatesEvents() async throws {
        let tmp = try TemporaryOutbox()
        defer { tmp.remove() }
        let store = try tmp.open()
        let first = try await store.record(event: envelope("ev1", credential: "c1"), now: t0)
        guard case .enqueued(let jobId) = first else {
            Issue.record("expected enqueued, got \(first)")
            return
        }
        #expect(try await store.record(event: envelope("ev1", credential: "c1"), now: t0) == .duplicateEvent)
        #expect(
            try await store.record(event: envelope("ev2", credential: "c1", type: "credential.updated"), now: t0)
                == .coalesced(jobId: jobId))
        #expect(try await store.jobs(state: nil, limit: 10).count == 1)
    }

    @Test("unknown event types are recorded but create no job")
    func ignoresUnknownTypes() async throws {
        let tmp = try TemporaryOutbox()
        defer { tmp.remove() }
        let store = try tmp.open()
        #expect(
            try await store.record(event: envelope("ev9", credential: "c1", type: "group.archived"), now: t0)
                == .ignored(type: "group.archived"))
        #expect(try await store.jobs(state: nil, limit: 10).isEmpty)
    }

    @Test("a leased job is not claimed by a second worker until its lease runs out")
    func leasesAreExclusive() async throws {
        let tmp = try TemporaryOutbox()
        defer { tmp.remove() }
        let store = try tmp.open()
        for index in 0..<5 {
            _ = try await store.record(event: envelope("ev\(index)", credential: "c\(index)"), now: t0)
        }
        let a = try await store.claimDue(owner: "A", now: t0, limit: 3, lease: .seconds(30))
        let b = try await store.claimDue(owner: "B", now: t0, limit: 10, lease: .seconds(30))
        #expect(a.count == 3)
        #expect(b.count == 2)
        #expect(Set(a.map(\.id)).isDisjoint(with: Set(b.map(\.id))))
        #expect(try await store.claimDue(owner: "C", now: t0.addingTimeInterval(10), limit: 10, lease: .seconds(30)).isEmpty)
        // A's process died: after the lease its jobs are due again, and A can no longer write them.
        let later = t0.addingTimeInterval(31)
        let c = try await store.claimDue(owner: "C", now: later, limit: 10, lease: .seconds(30))
        #expect(c.count == 5)
        var stale = a[0]
        stale.state = .dead
        #expect(try await store.save(stale, owner: "A", keepLease: false, now: later, lease: .seconds(30)) == false)
    }

    @Test("two stores over one file in parallel never claim the same job")
    func concurrentClaimsAcrossConnections() async throws {
        let tmp = try TemporaryOutbox()
        defer { tmp.remove() }
        let writer = try tmp.open()
        for index in 0..<40 {
            _ = try await writer.record(event: envelope("ev\(index)", credential: "c\(index)"), now: t0)
        }
        let stores = [try tmp.open(), try tmp.open()]
        let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask {
                    var ids: [Int64] = []
                    while true {
                        let jobs = try await store.claimDue(owner: "w\(index)", now: t0, limit: 3, lease: .seconds(60))
                        if jobs.isEmpty { return ids }
                        ids += jobs.map(\.id)
                    }
                }
            }
            var all: [Int64] = []
            for try await ids in group { all += ids }
            return all
        }
        #expect(claimed.count == 40)
        #expect(Set(claimed).count == 40)
    }

    @Test("a job's fields survive a reopen of the database file")
    func persistsAcrossReopen() async throws {
        let tmp = try TemporaryOutbox()
        defer { tmp.remove() }
        let store = try tmp.open()
        _ = try await store.record(event: envelope("ev1", credential: "c1"), now: t0)
        var job = try #require(try await store.claimDue(owner: "A", now: t0, limit: 1, lease: .seconds(30)).first)
        job.state = .signed
        job.credential = ["id": "c1", "name": "Zoë Ñúñez"]
        job.vc = ["id": "urn:uuid:1", "type": ["VerifiableCredential"]]
        job.vcId = "urn:uuid:1"
        job.profile = "course"
        #expect(try await store.save(job, owner: "A", keepLease: false, now: t0, lease: .seconds(30)))
        let reopened = try tmp.open()
        let loaded = try #require(try await reopened.job(id: job.id))
        #expect(loaded.state == .signed)
        #expect(loaded.credential == job.credential)
        #expect(loaded.vc == job.vc)
        #expect(loaded.vcId == "urn:uuid:1")
        #expect(loaded.profile == "course")
    }

    @Test("a VC id held by one job cannot be stored on another")
    func vcIdIsUnique() async throws {
        let tmp = try TemporaryOutbox()
        defer { tmp.remove() }
        let store = try tmp.open()
        _ = try await store.record(event: envelope("ev1", credential: "c1"), now: t0)
        _ = try await store.record(event: envelope("ev2", credential: "c2"), now: t0)
        var jobs = try await store.claimDue(owner: "A", now: t0, limit: 2, lease: .seconds(30))
        for index in jobs.indices {
            jobs[index].state = .signed
            jobs[index].vcId = "urn:uuid:same"
            jobs[index].vc = ["id": "urn:uuid:same"]
        }
        #expect(try await store.save(jobs[0], owner: "A", keepLease: false, now: t0, lease: .seconds(30)))
        await #expect(throws: OutboxError.vcIdTaken(vcId: "urn:uuid:same")) {
            try await store.save(jobs[1], owner: "A", keepLease: false, now: t0, lease: .seconds(30))
        }
    }

    @Test("retry reopens dead jobs from the Certifier step; delivered jobs are never reopened")
    func retryDeadJobs() async throws {
        let tmp = try TemporaryOutbox()
        defer { tmp.remove() }
        let store = try tmp.open()
        _ = try await store.record(event: envelope("ev1", credential: "c1"), now: t0)
        _ = try await store.record(event: envelope("ev2", credential: "c2"), now: t0)
        var jobs = try await store.claimDue(owner: "A", now: t0, limit: 2, lease: .seconds(30)).sorted { $0.id < $1.id }
        jobs[0].state = .dead
        jobs[0].lastError = "wallet import: HTTP 400"
        jobs[0].vc = ["id": "x"]
        jobs[0].vcId = "x"
        jobs[1].state = .delivered
        for job in jobs { _ = try await store.save(job, owner: "A", keepLease: false, now: t0, lease: .seconds(30)) }
        #expect(try await store.retry(id: jobs[1].id, now: t0) == nil)
        let retried = try #require(try await store.retry(id: jobs[0].id, now: t0))
        #expect(retried.state == .received)
        #expect(retried.lastError == nil)
        #expect(retried.vcId == nil)
        #expect(try await store.record(event: envelope("ev3", credential: "c2"), now: t0) == .alreadyDelivered(jobId: jobs[1].id))
        let counts = try await store.counts()
        #expect(counts[.received] == 1)
        #expect(counts[.delivered] == 1)
        #expect(try await store.retryAllDead(now: t0) == 0)
    }

    @Test("a converted VC enqueued directly starts signed, and is retried as is")
    func enqueueConverted() async throws {
        let tmp = try TemporaryOutbox()
        defer { tmp.remove() }
        let store = try tmp.open()
        let converted = ConvertedDelivery(sourceId: "c1", vc: ["id": "urn:uuid:v1"], vcId: "urn:uuid:v1", profile: "p")
        let outcome = try await store.enqueue(converted: converted, now: t0)
        let jobId = try #require(outcome.jobId)
        var job = try #require(try await store.claimDue(owner: "A", now: t0, limit: 1, lease: .seconds(5)).first)
        #expect(job.state == .signed)
        job.state = .dead
        _ = try await store.save(job, owner: "A", keepLease: false, now: t0, lease: .seconds(5))
        #expect(try await store.retryAllDead(now: t0) == 1)
        let again = try #require(try await store.job(id: jobId))
        #expect(again.state == .signed)
        #expect(again.vc == converted.vc)
    }

    @Test("the outbox runs in WAL mode (a -wal file sits beside the database while it is open)")
    func walMode() async throws {
        let tmp = try TemporaryOutbox()
        defer { tmp.remove() }
        let store = try tmp.open()
        _ = try await store.record(event: envelope("ev1", credential: "c1"), now: t0)
        #expect(FileManager.default.fileExists(atPath: tmp.path + "-wal"))
        _ = store
    }

    @Test("a worker restricted to signed jobs does not claim jobs that still need Certifier")
    func claimByState() async throws {
        let tmp = try TemporaryOutbox()
        defer { tmp.remove() }
        let store = try tmp.open()
        _ = try await store.record(event: envelope("ev1", credential: "c1"), now: t0)
        _ = try await store.enqueue(
            converted: ConvertedDelivery(sourceId: "c2", vc: ["id": "urn:x"], vcId: "urn:x", profile: "p"), now: t0)
        let signedOnly = try await store.claimDue(owner: "A", now: t0, limit: 10, lease: .seconds(5), states: [.signed])
        #expect(signedOnly.map(\.sourceId) == ["c2"])
        let rest = try await store.claimDue(owner: "B", now: t0, limit: 10, lease: .seconds(5))
        #expect(rest.map(\.sourceId) == ["c1"])
    }
}
