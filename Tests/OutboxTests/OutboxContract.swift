import Certifier
import Outbox
import Foundation
import JSONCanonical
import Testing

/// What every ``OutboxStore`` must do, written once and run over SQLite and over PostgreSQL
/// (`SQLiteOutboxStoreTests`, `PostgresOutboxStoreTests`).
enum OutboxContract: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case deduplicatesEvents
    case ignoresUnknownTypes
    case leasesAreExclusive
    case concurrentClaimsAcrossConnections
    case persistsAcrossReopen
    case vcIdIsUnique
    case retryDeadJobs
    case enqueueConverted
    case claimByState
    case concurrentEventsForOneCredential
    case concurrentCopiesOfOneEvent

    var testDescription: String {
        switch self {
        case .deduplicatesEvents: "the same envelope id is recorded once; a second event for a pending credential coalesces"
        case .ignoresUnknownTypes: "unknown event types are recorded but create no job"
        case .leasesAreExclusive: "a leased job is not claimed by a second worker until its lease runs out"
        case .concurrentClaimsAcrossConnections: "three stores (instances) over one outbox in parallel never claim the same job"
        case .persistsAcrossReopen: "a job's fields survive a reopen of the outbox"
        case .vcIdIsUnique: "a VC id held by one job cannot be stored on another"
        case .retryDeadJobs: "retry reopens dead jobs from the Certifier step; delivered jobs are never reopened"
        case .enqueueConverted: "a converted VC enqueued directly starts signed, and is retried as is"
        case .claimByState: "a worker restricted to signed jobs does not claim jobs that still need Certifier"
        case .concurrentEventsForOneCredential:
            "events for one new credential arriving at two instances at once make exactly one job"
        case .concurrentCopiesOfOneEvent:
            "two instances recording the same new events at once: each event creates one job, and its copy is a duplicate"
        }
    }

    /// Runs the check over a new, empty outbox of `kind`.
    func check(_ kind: StoreKind) async throws {
        try await OutboxFixture.with(kind) { outbox in
            switch self {
            case .deduplicatesEvents: try await Self.deduplicatesEvents(outbox)
            case .ignoresUnknownTypes: try await Self.ignoresUnknownTypes(outbox)
            case .leasesAreExclusive: try await Self.leasesAreExclusive(outbox)
            case .concurrentClaimsAcrossConnections: try await Self.concurrentClaimsAcrossConnections(outbox)
            case .persistsAcrossReopen: try await Self.persistsAcrossReopen(outbox)
            case .vcIdIsUnique: try await Self.vcIdIsUnique(outbox)
            case .retryDeadJobs: try await Self.retryDeadJobs(outbox)
            case .enqueueConverted: try await Self.enqueueConverted(outbox)
            case .claimByState: try await Self.claimByState(outbox)
            case .concurrentEventsForOneCredential: try await Self.concurrentEventsForOneCredential(outbox)
            case .concurrentCopiesOfOneEvent: try await Self.concurrentCopiesOfOneEvent(outbox)
            }
        }
    }

    private static func deduplicatesEvents(_ outbox: OutboxFixture) async throws {
        let store = try outbox.open()
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

    private static func ignoresUnknownTypes(_ outbox: OutboxFixture) async throws {
        let store = try outbox.open()
        #expect(
            try await store.record(event: envelope("ev9", credential: "c1", type: "group.archived"), now: t0)
                == .ignored(type: "group.archived"))
        #expect(try await store.jobs(state: nil, limit: 10).isEmpty)
    }

    private static func leasesAreExclusive(_ outbox: OutboxFixture) async throws {
        let store = try outbox.open()
        for index in 0..<5 {
            _ = try await store.record(event: envelope("ev\(index)", credential: "c\(index)"), now: t0)
        }
        // A short real lease: PostgreSQL compares leases on its own clock, not the callers' `now`.
        // Long enough that a loaded machine does not let it run out between the claims below.
        let lease = Duration.milliseconds(3000)
        let a = try await store.claimDue(owner: "A", now: t0, limit: 3, lease: lease)
        let b = try await store.claimDue(owner: "B", now: t0, limit: 10, lease: lease)
        #expect(a.count == 3)
        #expect(b.count == 2)
        #expect(Set(a.map(\.id)).isDisjoint(with: Set(b.map(\.id))))
        #expect(try await store.claimDue(owner: "C", now: t0, limit: 10, lease: lease).isEmpty)
        // A's process died (it has no heartbeat): after the lease its jobs are due again, and A can no longer write them.
        try await Task.sleep(for: .milliseconds(3400))
        let later = t0.addingTimeInterval(31)
        let c = try await store.claimDue(owner: "C", now: later, limit: 10, lease: .seconds(30))
        #expect(c.count == 5)
        var stale = a[0]
        stale.state = .dead
        #expect(try await store.save(stale, owner: "A", keepLease: false, now: later, lease: .seconds(30)) == false)
    }

    private static func concurrentClaimsAcrossConnections(_ outbox: OutboxFixture) async throws {
        let writer = try outbox.open()
        for index in 0..<90 {
            _ = try await writer.record(event: envelope("ev\(index)", credential: "c\(index)"), now: t0)
        }
        // Three instances, small batches: many overlapping claims, each a chance to hand a job out twice.
        let stores = [try outbox.open(), try outbox.open(), try outbox.open()]
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
        #expect(claimed.count == 90)
        #expect(Set(claimed).count == 90)
    }

    private static func persistsAcrossReopen(_ outbox: OutboxFixture) async throws {
        let store = try outbox.open()
        _ = try await store.record(event: envelope("ev1", credential: "c1"), now: t0)
        var job = try #require(try await store.claimDue(owner: "A", now: t0, limit: 1, lease: .seconds(30)).first)
        job.state = .signed
        job.credential = ["id": "c1", "name": "Zoë Ñúñez"]
        job.vc = ["id": "urn:uuid:1", "type": ["VerifiableCredential"]]
        job.vcId = "urn:uuid:1"
        job.profile = "course"
        #expect(try await store.save(job, owner: "A", keepLease: false, now: t0, lease: .seconds(30)))
        let reopened = try outbox.open()
        let loaded = try #require(try await reopened.job(id: job.id))
        #expect(loaded.state == .signed)
        #expect(loaded.credential == job.credential)
        #expect(loaded.vc == job.vc)
        #expect(loaded.vcId == "urn:uuid:1")
        #expect(loaded.profile == "course")
    }

    private static func vcIdIsUnique(_ outbox: OutboxFixture) async throws {
        let store = try outbox.open()
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

    private static func retryDeadJobs(_ outbox: OutboxFixture) async throws {
        let store = try outbox.open()
        _ = try await store.record(event: envelope("ev1", credential: "c1"), now: t0)
        _ = try await store.record(event: envelope("ev2", credential: "c2"), now: t0)
        var jobs = try await store.claimDue(owner: "A", now: t0, limit: 2, lease: .seconds(30)).sorted { $0.id < $1.id }
        jobs[0].state = .dead
        jobs[0].lastError = "delivery: HTTP 400"
        jobs[0].vc = ["id": "x"]
        jobs[0].vcId = "x"
        jobs[1].state = .delivered
        for job in jobs { _ = try await store.save(job, owner: "A", keepLease: false, now: t0, lease: .seconds(30)) }
        #expect(try await store.retry(id: jobs[1].id, now: t0) == nil)
        let retried = try #require(try await store.retry(id: jobs[0].id, now: t0))
        #expect(retried.state == .received)
        #expect(retried.lastError == nil)
        #expect(retried.vcId == nil)
        #expect(try await store.record(event: envelope("ev3", credential: "c2"), now: t0) == .reconciling(jobId: jobs[1].id))
        let counts = try await store.counts()
        #expect(counts[.received] == 2)
        #expect(counts[.delivered] == 0)
        #expect(try await store.retryAllDead(now: t0) == 0)
    }

    private static func enqueueConverted(_ outbox: OutboxFixture) async throws {
        let store = try outbox.open()
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

    private static func claimByState(_ outbox: OutboxFixture) async throws {
        let store = try outbox.open()
        _ = try await store.record(event: envelope("ev1", credential: "c1"), now: t0)
        _ = try await store.enqueue(
            converted: ConvertedDelivery(sourceId: "c2", vc: ["id": "urn:x"], vcId: "urn:x", profile: "p"), now: t0)
        let signedOnly = try await store.claimDue(owner: "A", now: t0, limit: 10, lease: .seconds(5), states: [.signed])
        #expect(signedOnly.map(\.sourceId) == ["c2"])
        let rest = try await store.claimDue(owner: "B", now: t0, limit: 10, lease: .seconds(5))
        #expect(rest.map(\.sourceId) == ["c1"])
    }

    private static func concurrentEventsForOneCredential(_ outbox: OutboxFixture) async throws {
        let stores = [try outbox.open(), try outbox.open()]
        let outcomes = try await withThrowingTaskGroup(of: [EventOutcome].self) { group in
            for (index, store) in stores.enumerated() {
                group.addTask {
                    var outcomes: [EventOutcome] = []
                    for event in 0..<10 {
                        outcomes.append(try await store.record(event: envelope("ev\(index)-\(event)", credential: "c1"), now: t0))
                    }
                    return outcomes
                }
            }
            var all: [EventOutcome] = []
            for try await outcomes in group { all += outcomes }
            return all
        }
        let jobs = try await stores[0].jobs(state: nil, limit: 10)
        #expect(jobs.count == 1)
        let jobId = try #require(jobs.first?.id)
        #expect(outcomes.filter { $0 == .enqueued(jobId: jobId) }.count == 1)
        #expect(outcomes.filter { $0 == .coalesced(jobId: jobId) }.count == 19)
    }

    /// Certifier may send one webhook twice and two instances take one copy each.
    private static func concurrentCopiesOfOneEvent(_ outbox: OutboxFixture) async throws {
        let stores = [try outbox.open(), try outbox.open()]
        let outcomes = try await withThrowingTaskGroup(of: [EventOutcome].self) { group in
            for store in stores {
                group.addTask {
                    var outcomes: [EventOutcome] = []
                    for event in 0..<20 {
                        outcomes.append(try await store.record(event: envelope("ev\(event)", credential: "c\(event)"), now: t0))
                    }
                    return outcomes
                }
            }
            var all: [EventOutcome] = []
            for try await outcomes in group { all += outcomes }
            return all
        }
        let jobs = try await stores[0].jobs(state: nil, limit: 100)
        #expect(Set(jobs.map(\.sourceId)) == Set((0..<20).map { "c\($0)" }))
        #expect(jobs.count == 20)
        #expect(Set(outcomes.compactMap(\.jobId)) == Set(jobs.map(\.id)))
        #expect(outcomes.filter { $0 == .duplicateEvent }.count == 20)
        #expect(outcomes.filter { if case .enqueued = $0 { true } else { false } }.count == 20)
    }
}
