import Certifier
import Outbox
import Foundation
import JSONCanonical
import NIOConcurrencyHelpers
import ServeStandIns
import Testing

/// Gateway instances sharing one outbox, each with its own store and worker; run over SQLite
/// (processes on one host) and PostgreSQL (instances on several hosts). The wallet stand-in counts
/// imports per VC id, so a double delivery shows as a count of 2.
enum InstanceScenario: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case twoWorkers
    case crashAndRestart
    case slowStepKeepsItsJob

    var testDescription: String {
        switch self {
        case .twoWorkers: "two workers with two stores share a batch and import every VC exactly once"
        case .crashAndRestart:
            "an instance killed mid-batch, even after the wallet stored a VC: its heartbeat stops, another delivers the rest long before the 600 s lease, nothing twice"
        case .slowStepKeepsItsJob:
            "a step longer than the lease keeps its job: the heartbeat renews the lease while another instance polls"
        }
    }

    /// Runs the scenario over a new outbox of `kind`.
    func play(_ kind: StoreKind) async throws {
        try await OutboxFixture.with(kind) { outbox in
            switch self {
            case .twoWorkers: try await Self.twoWorkers(outbox)
            case .crashAndRestart: try await Self.crashAndRestart(outbox)
            case .slowStepKeepsItsJob: try await Self.slowStepKeepsItsJob(outbox)
            }
        }
    }

    private static func twoWorkers(_ outbox: OutboxFixture) async throws {
        let env = try await StandInEnvironment.start(duplicates: .overwrite)
        let setup = try outbox.open()
        for index in 0..<30 {
            env.certifier.put(certifierCredential("c\(index)"))
            _ = try await setup.record(event: envelope("ev\(index)", credential: "c\(index)"), now: Date())
        }
        let workers = try (0..<2).map { index in
            DeliveryWorker(
                store: try outbox.open(), source: env.source, converter: TestConverter(), destination: env.destination,
                configuration: WorkerConfiguration(
                    concurrency: 2, pollInterval: .milliseconds(20), retry: fastRetry, owner: "w\(index)"))
        }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for worker in workers {
                group.addTask { try await run(worker) { try await allTerminal(setup) } }
            }
            for try await reached in group { #expect(reached) }
        }
        // With overwrite, a double import would show as a count of 2.
        #expect(env.wallet.importCounts.count == 30)
        #expect(env.wallet.importCounts.values.allSatisfy { $0 == 1 })
        #expect(try await setup.counts()[.delivered] == 30)
        await env.stop()
    }

    private static func crashAndRestart(_ outbox: OutboxFixture) async throws {
        let env = try await StandInEnvironment.start()
        let first = try outbox.open()
        for index in 0..<12 {
            env.certifier.put(certifierCredential("c\(index)"))
            _ = try await first.record(event: envelope("ev\(index)", credential: "c\(index)"), now: Date())
        }
        // The first instance "dies" right after the wallet stored c0..c2: it never saves those results.
        let doomed = Set((0..<3).map { "https://certbridge.example.org/credentials/c\($0)" })
        let crashing = ObservedDestination(env.destination, hangAfterSend: doomed)
        // A lease far beyond the test: only the heartbeat can bring A's jobs back in time. A beats
        // once as it starts and then never again (its period is an hour), as if killed right after.
        let lease = Duration.seconds(600)
        let workerA = DeliveryWorker(
            store: first, source: env.source, converter: TestConverter(), destination: crashing,
            configuration: WorkerConfiguration(
                concurrency: 3, lease: lease, pollInterval: .milliseconds(20), retry: fastRetry, owner: "A",
                heartbeat: .seconds(3600), ownerTimeout: .milliseconds(500)))
        let taskA = Task { await workerA.run() }
        while crashing.hung < 3 { try await Task.sleep(for: .milliseconds(10)) }
        workerA.stop()  // A claims nothing more and never finishes c0..c2 ...
        await outbox.kill(first)  // ... and for PostgreSQL its connections are gone, as with kill -9.

        let second = try outbox.open()  // a new instance over the same outbox
        let workerB = DeliveryWorker(
            store: second, source: env.source, converter: TestConverter(), destination: env.destination,
            configuration: WorkerConfiguration(
                concurrency: 2, lease: lease, pollInterval: .milliseconds(20), retry: fastRetry, owner: "B",
                heartbeat: .milliseconds(100), ownerTimeout: .milliseconds(500)))
        #expect(try await run(workerB) { try await second.counts()[.delivered] == 12 })
        #expect(env.wallet.importCounts.count == 12)
        #expect(env.wallet.importCounts.values.allSatisfy { $0 == 1 }, "\(env.wallet.importCounts)")
        // The VCs A sent but never recorded came back as 409 and count as delivered, without a record id.
        let delivered = try await second.jobs(state: .delivered, limit: 100)
        #expect(delivered.filter { $0.receipt == nil }.count == 3)
        taskA.cancel()
        await taskA.value
        #expect(try await second.counts()[.delivered] == 12)
        await env.stop()
    }

    private static func slowStepKeepsItsJob(_ outbox: OutboxFixture) async throws {
        let env = try await StandInEnvironment.start()
        let store = try outbox.open()
        env.certifier.put(certifierCredential("c0"))
        _ = try await store.record(event: envelope("ev0", credential: "c0"), now: Date())
        let slow = SlowDestination(env.destination, delay: .milliseconds(4000))
        // Margins for a loaded 2-core CI machine: a beat may come late by up to lease − heartbeat (2.4 s).
        let lease = Duration.milliseconds(2500)
        let worker = DeliveryWorker(
            store: store, source: env.source, converter: TestConverter(), destination: slow,
            configuration: WorkerConfiguration(
                concurrency: 1, lease: lease, pollInterval: .milliseconds(20), retry: fastRetry, owner: "A",
                heartbeat: .milliseconds(100), ownerTimeout: .milliseconds(1200)))
        let other = try outbox.open()  // another instance, polling the same outbox all along
        let stolen = NIOLockedValueBox(0)
        #expect(
            try await run(worker) {
                if slow.started {
                    let taken = try await other.claimDue(owner: "B", now: Date(), limit: 10, lease: lease)
                    stolen.withLockedValue { $0 += taken.count }
                }
                return try await store.counts()[.delivered] == 1
            })
        #expect(stolen.withLockedValue { $0 } == 0, "the other instance took the job during the slow step")
        #expect(env.wallet.importCounts.values.allSatisfy { $0 == 1 }, "\(env.wallet.importCounts)")
        await env.stop()
    }
}

/// Forwards to the wallet after `delay`: a step longer than the lease.
final class SlowDestination: CredentialDestination {
    let inner: any CredentialDestination
    let delay: Duration
    private let begun = NIOLockedValueBox(false)

    init(_ inner: any CredentialDestination, delay: Duration) {
        self.inner = inner
        self.delay = delay
    }

    /// Whether a delivery has begun.
    var started: Bool { begun.withLockedValue { $0 } }

    func deliver(_ vc: JSONValue, profile: String) async -> DeliveryOutcome {
        begun.withLockedValue { $0 = true }
        try? await Task.sleep(for: delay)
        return await inner.deliver(vc, profile: profile)
    }
}
