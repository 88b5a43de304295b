import Outbox
import Foundation
import Testing

/// What every store does with heartbeats (``LeaseOwnerRegistry``), run over SQLite and PostgreSQL.
/// The times are real (`Date()` and sleeps), because PostgreSQL judges leases and heartbeats on
/// its own clock, whatever `now` a caller passes.
enum OwnersContract: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case deadOwnersJobsAreTakenWithinTheTimeout
    case liveOwnerKeepsItsJobsPastTheLease
    case ownerDeclaredDeadCannotSave
    case cleanShutdownReleasesAtOnce
    case ownersAreListed

    var testDescription: String {
        switch self {
        case .deadOwnersJobsAreTakenWithinTheTimeout:
            "a dead owner's jobs are taken once its heartbeat timeout passes, long before their 600 s lease"
        case .liveOwnerKeepsItsJobsPastTheLease:
            "a live owner's jobs in progress are never taken, even after their lease would have run out; a dropped one comes back"
        case .ownerDeclaredDeadCannotSave: "an owner declared dead, whose job was taken, cannot save it; the new owner can"
        case .cleanShutdownReleasesAtOnce: "retiring an owner releases its leases at once"
        case .ownersAreListed: "owners are listed with host, pid, leased jobs and whether they are alive"
        }
    }

    func check(_ kind: StoreKind) async throws {
        try await OutboxFixture.with(kind) { outbox in
            let store = try outbox.open()
            for index in 0..<3 {
                _ = try await store.record(event: envelope("ev\(index)", credential: "c\(index)"), now: Date())
            }
            switch self {
            case .deadOwnersJobsAreTakenWithinTheTimeout: try await Self.deadOwner(store)
            case .liveOwnerKeepsItsJobsPastTheLease: try await Self.liveOwner(store)
            case .ownerDeclaredDeadCannotSave: try await Self.declaredDead(store)
            case .cleanShutdownReleasesAtOnce: try await Self.cleanShutdown(store)
            case .ownersAreListed: try await Self.listed(store)
            }
        }
    }

    static let longLease = Duration.seconds(600)

    private static func deadOwner(_ store: any OutboxStore) async throws {
        #expect(try await store.heartbeat(LeaseOwner(name: "A"), holding: [], lease: longLease, timeout: .seconds(1), now: Date()) == .registered)
        let taken = try await store.claimDue(owner: "A", now: Date(), limit: 10, lease: longLease)
        #expect(taken.count == 3)
        #expect(try await store.claimDue(owner: "B", now: Date(), limit: 10, lease: longLease).isEmpty)
        // A stops beating (killed). B polls as a worker would and gets the jobs once A's second runs out.
        let started = ContinuousClock.now
        var takenByB: [DeliveryJob] = []
        while takenByB.isEmpty, ContinuousClock.now - started < .seconds(10) {
            try await Task.sleep(for: .milliseconds(50))
            takenByB = try await store.claimDue(owner: "B", now: Date(), limit: 10, lease: longLease)
        }
        let waited = ContinuousClock.now - started
        #expect(takenByB.count == 3)
        #expect(waited < .seconds(5), "taken after \(waited), the owner timeout is 1 s")
    }

    private static func liveOwner(_ store: any OutboxStore) async throws {
        // Margins for a loaded machine: a beat every 250 ms renews a 3 s lease.
        let lease = Duration.seconds(3)
        _ = try await store.heartbeat(LeaseOwner(name: "A"), holding: [], lease: lease, timeout: .seconds(30), now: Date())
        let taken = try await store.claimDue(owner: "A", now: Date(), limit: 10, lease: lease)
        #expect(taken.count == 3)
        let inProgress = Array(taken.prefix(2).map(\.id))
        // 7 s of beats, over two leases: the two jobs in progress stay A's.
        var stolenIds: Set<Int64> = []
        for _ in 0..<28 {
            try await Task.sleep(for: .milliseconds(250))
            #expect(
                try await store.heartbeat(LeaseOwner(name: "A"), holding: inProgress, lease: lease, timeout: .seconds(30), now: Date())
                    == .renewed)
            let stolen = try await store.claimDue(owner: "B", now: Date(), limit: 10, lease: lease)
            #expect(!stolen.contains { inProgress.contains($0.id) }, "B took a job A is working on")
            stolenIds.formUnion(stolen.map(\.id))
        }
        // The third job, which A does not hold (its worker dropped it), came back after its lease although A is alive.
        #expect(stolenIds == [taken[2].id])
        var job = taken[0]
        job.state = .fetched
        #expect(try await store.save(job, owner: "A", keepLease: false, now: Date(), lease: lease))
    }

    private static func declaredDead(_ store: any OutboxStore) async throws {
        _ = try await store.heartbeat(LeaseOwner(name: "A"), holding: [], lease: longLease, timeout: .milliseconds(300), now: Date())
        let taken = try await store.claimDue(owner: "A", now: Date(), limit: 1, lease: longLease)
        let job = try #require(taken.first)
        try await Task.sleep(for: .milliseconds(500))  // A is paused beyond its timeout ...
        let byB = try await store.claimDue(owner: "B", now: Date(), limit: 10, lease: longLease)
        #expect(byB.map(\.id).contains(job.id))
        // ... comes back, learns it was declared dead, and its write of the lost job is refused.
        #expect(
            try await store.heartbeat(LeaseOwner(name: "A"), holding: [job.id], lease: longLease, timeout: .seconds(30), now: Date())
                == .revived)
        var stale = job
        stale.state = .dead
        #expect(try await store.save(stale, owner: "A", keepLease: false, now: Date(), lease: longLease) == false)
        #expect(try await store.job(id: job.id)?.state == .received)
        var current = job
        current.state = .fetched
        #expect(try await store.save(current, owner: "B", keepLease: true, now: Date(), lease: longLease))
        #expect(try await store.job(id: job.id)?.state == .fetched)
    }

    private static func cleanShutdown(_ store: any OutboxStore) async throws {
        _ = try await store.heartbeat(LeaseOwner(name: "A"), holding: [], lease: longLease, timeout: .seconds(30), now: Date())
        #expect(try await store.claimDue(owner: "A", now: Date(), limit: 10, lease: longLease).count == 3)
        #expect(try await store.claimDue(owner: "B", now: Date(), limit: 10, lease: longLease).isEmpty)
        #expect(try await store.retireOwner(named: "A") == 3)
        #expect(try await store.claimDue(owner: "B", now: Date(), limit: 10, lease: longLease).count == 3)
        #expect(try await store.leaseOwners(now: Date()).isEmpty)
    }

    private static func listed(_ store: any OutboxStore) async throws {
        let a = LeaseOwner(name: "A", host: "host-a", pid: 41)
        _ = try await store.heartbeat(a, holding: [], lease: longLease, timeout: .seconds(30), now: Date())
        _ = try await store.heartbeat(LeaseOwner(name: "B", host: "host-b", pid: 42), holding: [], lease: longLease, timeout: .milliseconds(100), now: Date())
        #expect(try await store.claimDue(owner: "A", now: Date(), limit: 2, lease: longLease).count == 2)
        try await Task.sleep(for: .milliseconds(200))
        let owners = try await store.leaseOwners(now: Date())
        #expect(owners.map(\.owner) == [a, LeaseOwner(name: "B", host: "host-b", pid: 42)])
        #expect(owners.map(\.isAlive) == [true, false])
        #expect(owners.map(\.leasedJobs) == [2, 0])
        // A's next beat forgets B: it is dead and holds nothing.
        _ = try await store.heartbeat(a, holding: [], lease: longLease, timeout: .seconds(30), now: Date())
        #expect(try await store.leaseOwners(now: Date()).map(\.owner.name) == ["A"])
    }
}
