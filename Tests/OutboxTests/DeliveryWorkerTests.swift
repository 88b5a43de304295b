import Certifier
import Outbox
import Foundation
import GRDB
import JSONCanonical
import NIOConcurrencyHelpers
import ServeStandIns
import ServeRig
import Testing

@Suite("Delivery worker against Certifier and wallet stand-ins")
struct DeliveryWorkerTests {
    @Test("a batch is delivered once each, with bounded concurrency")
    func batch() async throws {
        let env = try await StandInEnvironment.start()
        let tmp = try TemporaryOutbox()
        defer { tmp.remove() }
        let store = try tmp.open()
        for index in 0..<20 {
            env.certifier.put(certifierCredential("c\(index)"))
            _ = try await store.record(event: envelope("ev\(index)", credential: "c\(index)"), now: Date())
        }
        let observed = ObservedDestination(env.destination)
        let worker = DeliveryWorker(
            store: store, source: env.source, converter: TestConverter(), destination: observed,
            configuration: WorkerConfiguration(concurrency: 3, pollInterval: .milliseconds(50), retry: fastRetry))
        #expect(try await run(worker) { try await allTerminal(store) })
        #expect(try await store.counts()[.delivered] == 20)
        #expect(env.wallet.importCounts.count == 20)
        #expect(env.wallet.importCounts.values.allSatisfy { $0 == 1 })
        #expect(observed.maximumConcurrent <= 3)
        #expect(observed.maximumConcurrent >= 2)
        let job = try #require(try await store.jobs(state: .delivered, limit: 1).first)
        #expect(job.receipt?.hasPrefix("rec-") == true)
        #expect(job.vcId == "https://certbridge.example.org/credentials/\(job.sourceId)")
        await env.stop()
    }

    @Test("several instances over one outbox", arguments: InstanceScenario.allCases)
    func instances(_ scenario: InstanceScenario) async throws {
        try await scenario.play(.sqlite)
    }

    @Test("a wallet outage (503s, 429 with Retry-After) is ridden out with retries")
    func walletOutage() async throws {
        let env = try await StandInEnvironment.start()
        let tmp = try TemporaryOutbox()
        defer { tmp.remove() }
        let store = try tmp.open()
        for index in 0..<3 {
            env.certifier.put(certifierCredential("c\(index)"))
            _ = try await store.record(event: envelope("ev\(index)", credential: "c\(index)"), now: Date())
        }
        env.wallet.failNext([.status(503, retryAfter: nil), .status(503, retryAfter: nil), .status(429, retryAfter: 1), .status(503, retryAfter: nil)])
        env.certifier.failNext([.status(503, retryAfter: nil)])
        let started = ContinuousClock.now
        let worker = DeliveryWorker(
            store: store, source: env.source, converter: TestConverter(), destination: env.destination,
            configuration: WorkerConfiguration(concurrency: 1, pollInterval: .milliseconds(20), retry: fastRetry))
        #expect(try await run(worker) { try await store.counts()[.delivered] == 3 })
        // The 429 asked for one second; the backoff alone would have been far shorter.
        #expect(ContinuousClock.now - started >= .seconds(1))
        #expect(env.wallet.importCounts.values.allSatisfy { $0 == 1 })
        #expect(try await store.counts()[.dead] == 0)
        await env.stop()
    }

    @Test("bounded attempts end in dead, 404 is a deletion, mapping failure names the field, no-match is visible; retry replays")
    func deadLetters() async throws {
        let env = try await StandInEnvironment.start()
        let tmp = try TemporaryOutbox()
        defer { tmp.remove() }
        let store = try tmp.open()
        env.certifier.put(certifierCredential("c-ok"))
        env.certifier.put(certifierCredential("c-noemail", email: nil))
        env.certifier.put(certifierCredential("c-draft", status: "draft"))
        for (index, id) in ["c-ok", "c-noemail", "c-draft", "c-missing"].enumerated() {
            _ = try await store.record(event: envelope("ev\(index)", credential: id), now: Date())
        }
        env.wallet.failNext(Array(repeating: .status(503, retryAfter: nil), count: 6))
        let worker = DeliveryWorker(
            store: store, source: env.source, converter: TestConverter(), destination: env.destination,
            configuration: WorkerConfiguration(concurrency: 1, pollInterval: .milliseconds(20), retry: fastRetry))
        #expect(try await run(worker) { try await allTerminal(store) })
        let jobs = Dictionary(uniqueKeysWithValues: try await store.jobs(state: nil, limit: 10).map { ($0.sourceId, $0) })
        #expect(jobs["c-ok"]?.state == .dead)
        #expect(jobs["c-ok"]?.lastError == "delivery: gave up after 6 attempts: HTTP 503 ServiceUnavailable: Scripted failure")
        #expect(jobs["c-noemail"]?.state == .dead)
        #expect(jobs["c-noemail"]?.lastError?.contains("'recipient.email'") == true)
        #expect(jobs["c-draft"]?.state == .noMatch)
        // 404: Certifier deleted it (nothing was issued, so nothing to revoke); not a dead letter.
        #expect(jobs["c-missing"]?.state == .deleted)
        #expect(jobs["c-missing"]?.lastError == "fetch: Certifier answered HTTP 404 not_found: Credential not found")
        #expect(env.wallet.importCounts.isEmpty)
        // Replaying the dead jobs after the outage delivers the good one.
        #expect(try await store.retryAllDead(now: Date()) == 2)
        let retried = DeliveryWorker(
            store: store, source: env.source, converter: TestConverter(), destination: env.destination,
            configuration: WorkerConfiguration(concurrency: 1, pollInterval: .milliseconds(20), retry: fastRetry))
        #expect(try await run(retried) { try await allTerminal(store) })
        #expect(try await store.job(id: try #require(jobs["c-ok"]?.id))?.state == .delivered)
        await env.stop()
    }

    @Test("a delivered credential costs two saves: the read is saved with the signed VC, not on its own")
    func readSavedWithSignedVC() async throws {
        let env = try await StandInEnvironment.start()
        let tmp = try TemporaryOutbox()
        defer { tmp.remove() }
        let store = try tmp.open()
        for index in 0..<5 {
            env.certifier.put(certifierCredential("c\(index)"))
            _ = try await store.record(event: envelope("ev\(index)", credential: "c\(index)"), now: Date())
        }
        let converter = StoredStateConverter(store: store)
        let worker = DeliveryWorker(
            store: store, source: env.source, converter: converter, destination: env.destination,
            configuration: WorkerConfiguration(concurrency: 2, pollInterval: .milliseconds(50), retry: fastRetry))
        #expect(try await run(worker) { try await allTerminal(store) })
        #expect(try await store.counts()[.delivered] == 5)
        // While each credential was being mapped, its job was still stored as it was claimed.
        #expect(converter.seen.count == 5)
        #expect(converter.seen.allSatisfy { $0 == .received })
        let job = try #require(try await store.jobs(state: .delivered, limit: 1).first)
        #expect(job.credential?["recipient"]?["name"] == "Zoë")
        await env.stop()
    }

    @Test("the delivered save leaves the credential and VC the signed save wrote as they are")
    func deliveredSaveKeepsStoredDocuments() async throws {
        let env = try await StandInEnvironment.start()
        let tmp = try TemporaryOutbox()
        defer { tmp.remove() }
        let store = try tmp.open()
        env.certifier.put(certifierCredential("c-kept"))
        _ = try await store.record(event: envelope("ev-kept", credential: "c-kept"), now: Date())
        // While the VC is with the wallet, the stored documents are replaced behind the worker's
        // back: a delivered save that wrote them out again would put the worker's copies back.
        let marker = #"{"id":"c-kept","marker":true}"#
        let destination = StoredDocumentsReplacer(env.destination, path: tmp.path, credential: marker, vc: #"{"marker":true}"#)
        let worker = DeliveryWorker(
            store: store, source: env.source, converter: TestConverter(), destination: destination,
            configuration: WorkerConfiguration(concurrency: 1, pollInterval: .milliseconds(50), retry: fastRetry))
        #expect(try await run(worker) { try await allTerminal(store) })
        let job = try #require(try await store.jobs(state: .delivered, limit: 1).first)
        #expect(destination.replaced == 1)
        #expect(job.credential == (try JSONValue(parsing: marker)))
        #expect(job.vc?["marker"] == .bool(true))
        await env.stop()
    }

    @Test("an idle worker wakes at once for new work and returns promptly when its task is cancelled")
    func wakeAndCancel() async throws {
        let env = try await StandInEnvironment.start()
        let tmp = try TemporaryOutbox()
        defer { tmp.remove() }
        let store = try tmp.open()
        let worker = DeliveryWorker(
            store: store, source: env.source, converter: TestConverter(), destination: env.destination,
            configuration: WorkerConfiguration(concurrency: 1, pollInterval: .seconds(60), retry: fastRetry))
        let task = Task { await worker.run() }
        try await Task.sleep(for: .milliseconds(100))
        env.certifier.put(certifierCredential("c-wake"))
        _ = try await store.record(event: envelope("ev-wake", credential: "c-wake"), now: Date())
        worker.wake()
        let woke = ContinuousClock.now
        while try await store.counts()[.delivered] != 1 && ContinuousClock.now - woke < .seconds(10) {
            try await Task.sleep(for: .milliseconds(10))
        }
        // The poll interval is a minute: only the wake-up can explain a quick delivery.
        #expect(ContinuousClock.now - woke < .seconds(10))
        #expect(try await store.counts()[.delivered] == 1)
        let cancelled = ContinuousClock.now
        task.cancel()
        await task.value
        #expect(ContinuousClock.now - cancelled < .seconds(5))
        await env.stop()
    }

    @Test("cancelled mid-step, the worker still saves the step's result and retires its owner, releasing its leases")
    func cancelledWorkerSavesAndRetires() async throws {
        let env = try await StandInEnvironment.start()
        let tmp = try TemporaryOutbox()
        defer { tmp.remove() }
        let store = try tmp.open()
        env.certifier.put(certifierCredential("c-cancel"))
        _ = try await store.record(event: envelope("ev-cancel", credential: "c-cancel"), now: Date())
        let slow = SlowDestination(env.destination, delay: .seconds(30))
        // A minute's owner timeout: only retiring the owner at the stop can free the job quickly.
        let worker = DeliveryWorker(
            store: store, source: env.source, converter: TestConverter(), destination: slow,
            configuration: WorkerConfiguration(
                concurrency: 1, lease: .seconds(600), pollInterval: .milliseconds(20), retry: fastRetry, owner: "A",
                heartbeat: .milliseconds(200), ownerTimeout: .seconds(60)))
        let task = Task { await worker.run() }
        while !slow.started { try await Task.sleep(for: .milliseconds(10)) }
        task.cancel()
        await task.value
        // The delivery step ended (delivered, or failed under cancellation) and that was saved:
        // a save refused because of the cancellation would leave the job as it was before the step.
        let job = try #require(try await store.jobs(state: nil, limit: 10).first)
        #expect(job.state == .delivered || job.lastError != nil, "state \(job.state), last error \(job.lastError ?? "none")")
        #expect(try await store.leaseOwners(now: Date()).isEmpty, "the owner was not retired")
        if job.state != .delivered {
            #expect(try await store.claimDue(owner: "B", now: Date().addingTimeInterval(3600), limit: 1, lease: .seconds(60)).count == 1)
        }
        await env.stop()
    }
}

/// ``TestConverter``, noting the state the store holds for each credential while it is mapped.
final class StoredStateConverter: CredentialConverter {
    let store: any OutboxStore
    private let states = NIOLockedValueBox<[JobState]>([])

    init(store: any OutboxStore) { self.store = store }

    var seen: [JobState] { states.withLockedValue { $0 } }

    func convert(_ credential: JSONValue, previous: PreviousIssue?) async -> ConversionResult {
        let id = credential["id"]?.stringValue ?? ""
        if let state = try? await store.jobs(sourceIds: [id]).first?.state {
            states.withLockedValue { $0.append(state) }
        }
        return await TestConverter().convert(credential, previous: previous)
    }
}

/// Forwards to the wallet after overwriting the job's stored credential and VC columns through a
/// connection of its own (the test of the delivered save that leaves them as they are).
final class StoredDocumentsReplacer: CredentialDestination {
    let inner: any CredentialDestination
    let path: String
    let credential: String
    let vc: String
    private let count = NIOLockedValueBox(0)

    init(_ inner: any CredentialDestination, path: String, credential: String, vc: String) {
        self.inner = inner
        self.path = path
        self.credential = credential
        self.vc = vc
    }

    var replaced: Int { count.withLockedValue { $0 } }

    func deliver(_ vc: JSONValue, profile: String) async -> DeliveryOutcome {
        do {
            let database = try DatabaseQueue(path: path)
            try await database.write { [credential, vc = self.vc] db in
                try db.execute(sql: "UPDATE jobs SET credential = ?, vc = ?", arguments: [credential, vc])
            }
            count.withLockedValue { $0 += 1 }
        } catch {
            return .rejected(reason: "test could not replace the stored documents: \(error)")
        }
        return await inner.deliver(vc, profile: profile)
    }
}
