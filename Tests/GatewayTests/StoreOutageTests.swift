import Certifier
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import JSONCanonical
import Logging
import NIOConcurrencyHelpers
import NIOCore
import Outbox
import Secrets
import ServeRig
import ServeStandIns
import Testing
import TestSupport

/// A real SQLite outbox that fails under a live gateway: webhooks and `/readyz` answer 503 fast,
/// and the gateway recovers by itself when the store does.
@Suite("store outages (SQLite)", .serialized)
struct StoreOutageTests {
    static let secret = "outage-secret"

    static func router(_ store: any OutboxStore) -> Application<RouterResponder<GatewayRequestContext>> {
        var routes = GatewayRouter(
            store: store, webhookSecret: Secret(secret), maximumBodyBytes: 4096, metrics: GatewayMetrics(),
            didDocument: nil, logger: Logger(label: "outage-test"), onEnqueued: {})
        routes.storeBreaker = StoreBreaker(requestTimeout: .seconds(3), probeInterval: .seconds(1))
        return Application(router: routes.makeRouter())
    }

    /// Posts a signed webhook; returns the status, `Retry-After`, the body and how long it took.
    static func post(_ client: some TestClientProtocol, event: String, credential: String) async throws
        -> (status: Int, retryAfter: String?, body: String, elapsed: Duration)
    {
        let body = Array(WebhookSender.envelope(id: event, credentialId: credential).compactString.utf8)
        let signature = WebhookSender(url: "", secret: secret).signature(body)
        let started = ContinuousClock.now
        return try await client.execute(
            uri: GatewayRouter.webhookPath, method: .post, headers: [.init("X-Webhook-Signature")!: signature],
            body: ByteBuffer(bytes: body)
        ) { response in
            (Int(response.status.code), response.headers[.retryAfter], String(buffer: response.body), ContinuousClock.now - started)
        }
    }

    static func ready(_ client: some TestClientProtocol) async throws -> (status: Int, body: String, elapsed: Duration) {
        let started = ContinuousClock.now
        return try await client.execute(uri: "/readyz", method: .get) {
            (Int($0.status.code), String(buffer: $0.body), ContinuousClock.now - started)
        }
    }

    /// Polls `/readyz` until 200, up to `limit`.
    static func waitUntilReady(_ client: some TestClientProtocol, limit: Duration = .seconds(20)) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await ready(client).status == 200 { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return false
    }

    @Test("another process holds the SQLite write lock: 503 within the request timeout, not after the 10 s busy wait; ready again once released")
    func lockedDatabase() async throws {
        let outbox = try TemporaryOutbox()
        defer { outbox.remove() }
        let (path, store) = (outbox.path, try outbox.open())
        let holder = try await WriteLockHolder.start(path: path)
        try await Self.router(store).test(.live) { client in
            var answers: [(status: Int, retryAfter: String?, body: String, elapsed: Duration)] = []
            for index in 0..<3 {
                answers.append(try await Self.post(client, event: "locked-\(index)", credential: "c-locked-\(index)"))
            }
            for answer in answers {
                #expect(answer.status == 503, "\(answer.body)")
                // The request timeout is 3 s; SQLite's busy wait alone would hold a request 10 s.
                #expect(answer.elapsed < .seconds(8), "a webhook waited \(answer.elapsed)")
                #expect(answer.retryAfter != nil)
            }
            #expect(answers[0].body.contains("no answer within 3 s"), "\(answers[0].body)")
            // Two timeouts opened the breaker: the third is refused without waiting.
            #expect(answers[2].elapsed < .milliseconds(2000), "refused after \(answers[2].elapsed)")
            let notReady = try await Self.ready(client)
            #expect(notReady.status == 503)
            #expect(notReady.elapsed < .seconds(8))

            try await holder.release()
            #expect(try await Self.waitUntilReady(client))
            // Certifier's retry of a 503'd event is acknowledged, and a new event is stored.
            #expect(try await Self.post(client, event: "locked-0", credential: "c-locked-0").status == 202)
            #expect(try await Self.post(client, event: "fresh", credential: "c-fresh").status == 202)
        }
        #expect(try await store.jobs(sourceIds: ["c-locked-0", "c-fresh"]).count == 2)
    }

    @Test("the holder-facing doors' store calls go through the same breaker: bounded while the write lock is held, refused at once once it is open, through again after")
    func holderDoorsShareTheBreaker() async throws {
        let outbox = try TemporaryOutbox()
        defer { outbox.remove() }
        let (path, store) = (outbox.path, try outbox.open())
        try await store.prepare()
        let breaker = StoreBreaker(requestTimeout: .seconds(2), probeInterval: .seconds(1))
        let records = BreakerGuardedRecords(store, breaker: breaker)
        func offer(_ id: String) -> ProtocolRecord {
            ProtocolRecord(kind: "test.offer", id: id, state: "OPEN", createdAt: Date())
        }
        let holder = try await WriteLockHolder.start(path: path)
        var elapsed: [Duration] = []
        var reasons: [String] = []
        for index in 0..<3 {
            let started = ContinuousClock.now
            do {
                _ = try await records.insertRecord(offer("locked-\(index)"))
                Issue.record("a write went through while another process held the write lock")
            } catch {
                reasons.append(error.description)
                guard case .unavailable = error else {
                    Issue.record("expected .unavailable, got \(error)")
                    continue
                }
            }
            elapsed.append(ContinuousClock.now - started)
        }
        // SQLite's busy wait alone would hold each call 10 s; the request timeout is 2 s.
        #expect(elapsed.count == 3 && elapsed[0] < .seconds(6), "\(elapsed)")
        #expect(reasons.first?.contains("no answer within 2 s") == true, "\(reasons)")
        // Two failures opened the breaker: the third call was refused without waiting.
        #expect(elapsed.count == 3 && elapsed[2] < .milliseconds(500), "\(elapsed)")
        if case .open = breaker.state {} else { Issue.record("the breaker is \(breaker.state), not open") }

        try await holder.release()
        // The next probe (at most one per second) closes it again, with no restart.
        var inserted = false
        let deadline = ContinuousClock.now + .seconds(20)
        while !inserted, ContinuousClock.now < deadline {
            inserted = (try? await records.insertRecord(offer("after"))) == true
            if !inserted { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(inserted)
        #expect(try await store.record(kind: "test.offer", id: "after", now: Date()) != nil)
    }

    @Test(
        "the filesystem under the SQLite outbox is full: webhooks and readyz answer 503 naming it, 2xx ones are kept, and it recovers when space returns",
        .enabled(if: getuid() == 0, "mounting a small tmpfs needs root (CI runs as root)"))
    func fullFilesystem() async throws {
        let mount = try await SmallFilesystem.mount(bytes: 1 << 20)
        do {
            try await fullFilesystem(on: mount)
        } catch {
            await mount.remove()
            throw error
        }
        await mount.remove()
    }

    func fullFilesystem(on mount: SmallFilesystem) async throws {
        let path = mount.directory.appendingPathComponent("outbox.sqlite").path
        let store = try SQLiteOutboxStore(path: path)
        try await mount.fill()
        let acknowledged = try await Self.router(store).test(.live) { client in
            var acknowledged: [String] = []
            var refused: [String] = []
            // A few writes may still fit in pages SQLite already has; the disk fills within a handful.
            for index in 0..<50 {
                let answer = try await Self.post(client, event: "full-\(index)", credential: "c-full-\(index)")
                // The request timeout is 3 s; SQLite's busy wait alone would hold a request 10 s.
                #expect(answer.elapsed < .seconds(8), "a webhook waited \(answer.elapsed)")
                switch answer.status {
                case 202: acknowledged.append("c-full-\(index)")
                case 503:
                    #expect(answer.retryAfter != nil)
                    if refused.isEmpty { #expect(answer.body.contains("full"), "\(answer.body)") }
                    refused.append("\(index)")
                default: Issue.record("unexpected \(answer.status): \(answer.body)")
                }
                if refused.count >= 3 { break }
            }
            #expect(refused.count >= 3, "the full filesystem never refused a webhook")
            let notReady = try await Self.ready(client)
            #expect(notReady.status == 503, "\(notReady.body)")
            #expect(notReady.body.contains("full"), "\(notReady.body)")

            mount.emptyFiller()
            #expect(try await Self.waitUntilReady(client))
            for index in refused {
                #expect(try await Self.post(client, event: "full-\(index)", credential: "c-full-\(index)").status == 202)
                acknowledged.append("c-full-\(index)")
            }
            return acknowledged
        }
        let stored = try await store.jobs(sourceIds: acknowledged)
        #expect(Set(stored.map(\.sourceId)) == Set(acknowledged))
    }
}

/// A second process (python3's sqlite3) holding `BEGIN IMMEDIATE` on the outbox until released.
///
/// Started and awaited through ``BuiltExecutable`` so no wait holds a thread of the concurrency
/// pool, which the gateway under test needs meanwhile.
struct WriteLockHolder {
    let command: StartedCommand

    static func start(path: String) async throws -> WriteLockHolder {
        let script = """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=0)
            c.execute('BEGIN IMMEDIATE')
            print('locked', flush=True)
            time.sleep(3600)
            """
        let command = try BuiltExecutable.start(
            executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3", "-c", script, path])
        let deadline = ContinuousClock.now + .seconds(60)
        while !command.stdout.hasPrefix("locked") {
            guard command.isRunning, ContinuousClock.now < deadline else {
                command.signal(SIGKILL)
                throw OutageRigError("the lock holder did not take the write lock: \(command.stdout) \(command.stderr)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return WriteLockHolder(command: command)
    }

    /// Ends the holder; its write lock goes with it.
    func release() async throws {
        command.signal(SIGKILL)
        _ = try await command.waitForExit(timeout: .seconds(30))
    }
}

/// A tmpfs of a few hundred kilobytes, mounted for one test, with a filler file that takes its free space.
struct SmallFilesystem {
    let directory: URL
    var filler: URL { directory.appendingPathComponent("filler") }

    static func mount(bytes: Int) async throws -> SmallFilesystem {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-full-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let status = try await run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(bytes)", "tmpfs", directory.path])
        guard status == 0 else { throw OutageRigError("mount -t tmpfs on \(directory.path) failed with status \(status)") }
        return SmallFilesystem(directory: directory)
    }

    /// Writes zeros until the filesystem has no space left (dd stops at ENOSPC).
    func fill() async throws {
        _ = try await Self.run("/bin/dd", ["if=/dev/zero", "of=\(filler.path)", "bs=4096"])
    }

    func emptyFiller() {
        try? FileManager.default.removeItem(at: filler)
    }

    func remove() async {
        _ = try? await Self.run("/bin/umount", ["-l", directory.path])
        try? FileManager.default.removeItem(at: directory)
    }

    static func run(_ tool: String, _ arguments: [String]) async throws -> Int32 {
        try await BuiltExecutable.run(executable: URL(fileURLWithPath: tool), arguments: arguments, timeout: .seconds(60)).status
    }
}

/// The outage rig could not be set up (names the tool and path).
struct OutageRigError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The worker while its store is away: it waits longer between claims, claims at once when woken,
/// and never waits forever on a store call.
@Suite("delivery worker while the store is away")
struct WorkerStoreOutageTests {
    /// Never reached: no claim succeeds.
    struct Unreachable: CredentialSource, CredentialConverter, CredentialDestination {
        func fetchCredential(id: String) async throws(SourceError) -> JSONValue {
            throw SourceError(reason: "not reached", isRetryable: false)
        }
        func convert(_ credential: JSONValue, previous: PreviousIssue?) async -> ConversionResult { .failed(reason: "not reached") }
        func deliver(_ vc: JSONValue, profile: String) async -> DeliveryOutcome { .rejected(reason: "not reached") }
    }

    @Test("the wait between failed claims doubles from the poll interval up to the limit")
    func delays() {
        let configuration = WorkerConfiguration(pollInterval: .milliseconds(100), storeRetryLimit: .seconds(1))
        let delays = (0...6).map { configuration.claimRetryDelay(afterFailures: $0) }
        #expect(delays == [.milliseconds(100), .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1)])
        #expect(configuration.claimRetryDelay(afterFailures: 1000) == .seconds(1))
        // A limit below the poll interval never makes the worker poll faster than configured.
        #expect(WorkerConfiguration(pollInterval: .seconds(2), storeRetryLimit: .seconds(1)).claimRetryDelay(afterFailures: 5) == .seconds(2))
    }

    @Test("a heartbeat the store never answers neither stops the next beats nor keeps the worker from shutting down")
    func hungHeartbeat() async throws {
        let store = BrokenStore()
        store.heartbeatsHang.withLockedValue { $0 = true }
        defer { store.heartbeatsHang.withLockedValue { $0 = false } }
        let worker = DeliveryWorker(
            store: store, source: Unreachable(), converter: Unreachable(), destination: Unreachable(),
            configuration: WorkerConfiguration(
                pollInterval: .milliseconds(50), heartbeat: .milliseconds(100), ownerTimeout: .milliseconds(300)))
        let running = Task { await worker.run() }
        try await Task.sleep(for: .milliseconds(800))
        // The claim loop still runs while beats hang.
        #expect(store.claims.withLockedValue { $0 } >= 2)
        let stopped = ContinuousClock.now
        worker.stop()
        let ended = NIOLockedValueBox(false)
        let waiter = Task {
            await running.value
            ended.withLockedValue { $0 = true }
        }
        let deadline = ContinuousClock.now + .seconds(5)
        while !ended.withLockedValue({ $0 }), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        // Bounded by the owner timeout: the hung beat is given up, and so is the owner's retirement.
        #expect(ended.withLockedValue { $0 }, "the worker did not stop within 5 s of stop() while a heartbeat hung")
        #expect(ContinuousClock.now - stopped < .seconds(3))
        store.heartbeatsHang.withLockedValue { $0 = false }
        await waiter.value
    }

    @Test("a worker whose store fails backs off instead of claiming every poll, and a wake claims at once")
    func backsOff() async throws {
        let store = BrokenStore()
        let worker = DeliveryWorker(
            store: store, source: Unreachable(), converter: Unreachable(), destination: Unreachable(),
            configuration: WorkerConfiguration(pollInterval: .milliseconds(50), storeRetryLimit: .seconds(10)))
        let running = Task { await worker.run() }
        try await Task.sleep(for: .seconds(3))
        let claimsInThreeSeconds = store.claims.withLockedValue { $0 }
        // Every poll would be 60 claims; doubling from 50 ms gives 6 (50+100+…+1600 ms < 3 s < +3.2 s).
        #expect(claimsInThreeSeconds >= 3 && claimsInThreeSeconds <= 8, "\(claimsInThreeSeconds) claims in 3 s")
        // A webhook stored (the store works again) wakes the worker, which claims without waiting out its backoff.
        worker.wake()
        let deadline = ContinuousClock.now + .seconds(1)
        while store.claims.withLockedValue({ $0 }) == claimsInThreeSeconds, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(store.claims.withLockedValue { $0 } > claimsInThreeSeconds, "the wake did not bring a claim within 1 s")
        worker.stop()
        await running.value
    }
}
