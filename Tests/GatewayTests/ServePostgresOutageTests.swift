import Composition
import Foundation
import Gateway
import NIOConcurrencyHelpers
import Outbox
import PostgresTestSupport
import ServeStandIns
import TestSupport
import Testing

/// The throwaway cluster's directory (`scripts/postgres-test-cluster.sh start` exports it); the
/// outage test stops and restarts that server, so it needs both.
enum TestCluster {
    static let directory = ProcessInfo.processInfo.environment["CERTBRIDGE_TEST_POSTGRES_DIR"]
    static var isConfigured: Bool { TestPostgres.isConfigured && directory != nil }
    static let skipReason =
        "needs the throwaway cluster: eval \"$(scripts/postgres-test-cluster.sh start)\" (sets CERTBRIDGE_TEST_POSTGRES_URL and _DIR)"

    /// `scripts/postgres-test-cluster.sh pause|resume DIR`, spawned directly and reaped here with
    /// `waitpid(WNOHANG)` while the task sleeps between polls.
    ///
    /// Not through `Process`: after `resume` (pg_ctl starting a postmaster under runuser) Foundation
    /// never reaped the script, which stayed a zombie, so neither its termination handler nor
    /// `isRunning` ever reported the end and the test hung.
    static func run(_ command: String) async throws {
        let arguments = ["/bin/bash", SharedVectors.repositoryFile("scripts/postgres-test-cluster.sh").path, command, directory ?? ""]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/bash", nil, nil, &argv, environ)
        guard spawned == 0 else { throw OutageRigError("cannot start postgres-test-cluster.sh \(command): errno \(spawned)") }
        let deadline = ContinuousClock.now + .seconds(90)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            guard ContinuousClock.now < deadline else {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw OutageRigError("postgres-test-cluster.sh \(command) did not finish within 90 s")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        // Exited normally with status 0 (WIFEXITED and WEXITSTATUS, spelled out: the C macros are not imported).
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw OutageRigError("postgres-test-cluster.sh \(command) failed (wait status \(status))")
        }
    }

    /// The outage test stops the shared cluster for seconds, so it runs only when asked for
    /// (`CERTBRIDGE_PG_OUTAGE_TEST=1`): `scripts/test.sh` (the test command, CI's too) asks in its
    /// serial run, where no other test uses the cluster meanwhile. See docs/SERVE.md, "When the database fails".
    static var outageTestRequested: Bool {
        isConfigured && ProcessInfo.processInfo.environment["CERTBRIDGE_PG_OUTAGE_TEST"] == "1"
    }
}

/// One webhook the load generator sent, and what came back.
struct SentWebhook: Sendable {
    let credential: String
    let status: Int?
    let elapsed: Duration
}

@Suite("serve through a PostgreSQL outage", .serialized, .enabled(if: TestCluster.outageTestRequested, Comment(rawValue: "set CERTBRIDGE_PG_OUTAGE_TEST=1 and " + TestCluster.skipReason)))
struct ServePostgresOutageTests {
    static let outages = 3

    @Test("PostgreSQL stopped and restarted three times under load: fast 503s and red readyz while down, green by itself after, every 2xx delivered")
    func stopAndRestartUnderLoad() async throws {
        let database = try await TestPostgres.createDatabase()
        let harness = try await ServeHarness(
            store: "postgres: file:database.url\n  request_timeout: 1s\n  connect_timeout: 1s\n  probe_interval: 1s")
        try Data(try #require(TestPostgres.urlText(for: database)).utf8).write(to: harness.directory.appendingPathComponent("database.url"))
        let gateway = try await harness.startGateway()
        let sent = NIOLockedValueBox<[SentWebhook]>([])
        let stopLoad = NIOLockedValueBox(false)
        let sender = gateway.webhook
        let certifier = harness.certifier
        // Three senders post signed webhooks back to back, each for a new credential.
        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for lane in 0..<3 {
                    group.addTask {
                        var index = 0
                        while !stopLoad.withLockedValue({ $0 }) && index < 400 {
                            let credential = "01outage\(lane)x\(index)"
                            certifier.put(tsgCredential(credential))
                            let started = ContinuousClock.now
                            let status = try? await sender.post(eventId: "ev-\(credential)", credentialId: credential)
                            sent.withLockedValue {
                                $0.append(SentWebhook(credential: credential, status: status, elapsed: ContinuousClock.now - started))
                            }
                            index += 1
                            try? await Task.sleep(for: .milliseconds(100))
                        }
                    }
                }
            }
        }
        // Three outages in a row, with no restart of `serve`: connections or calls a restart leaves
        // stuck must not add up until the pool has none left.
        var recoveries: [Duration] = []
        for cycle in 1...Self.outages {
            try await Task.sleep(for: .seconds(1))
            try await TestCluster.run("pause")
            let stoppedAt = ContinuousClock.now
            try await Task.sleep(for: .seconds(3))
            let downReady = try await gateway.get("/readyz")
            try await TestCluster.run("resume")
            #expect(downReady.status == 503, "outage \(cycle): \(downReady.body)")
            // Ready again by itself: no restart of the gateway, no operator.
            let recovered = try await gateway.waitUntil(timeout: .seconds(30)) { try await gateway.get("/readyz").status == 200 }
            #expect(recovered, "outage \(cycle): /readyz did not turn green within 30 s")
            recoveries.append(ContinuousClock.now - stoppedAt)
        }
        try await Task.sleep(for: .seconds(1))
        stopLoad.withLockedValue { $0 = true }
        await load.value

        let results = sent.withLockedValue { $0 }
        let slow = results.filter { $0.status == nil || $0.elapsed >= .seconds(5) }
        #expect(slow.isEmpty, "webhooks that hung or failed without an answer: \(slow.map { "\($0.credential) \($0.elapsed)" })")
        let refused = results.filter { $0.status == 503 }
        #expect(!refused.isEmpty, "no webhook was refused while PostgreSQL was down")
        print(
            "outage: \(results.count) webhooks over \(Self.outages) outages, \(refused.count) answered 503, slowest \(results.map(\.elapsed).max() ?? .zero), ready again after each stop: \(recoveries)")
        // Certifier retries what got 503, until it is acknowledged.
        for webhook in refused {
            var status = 0
            for _ in 0..<20 where status != 202 {
                status = try await sender.post(eventId: "ev-\(webhook.credential)", credentialId: webhook.credential)
                if status != 202 { try await Task.sleep(for: .milliseconds(500)) }
            }
            #expect(status == 202, "the retry of \(webhook.credential) was not acknowledged")
        }
        let acknowledged = Set(results.filter { $0.status == 202 || $0.status == 503 }.map(\.credential))
        let store = gateway.server.store
        let delivered = try await gateway.waitUntil(timeout: .seconds(60)) {
            try await store.jobs(sourceIds: Array(acknowledged)).filter { $0.state == .delivered }.count == acknowledged.count
        }
        #expect(delivered, "not every acknowledged webhook was delivered")
        #expect(harness.wallet.importCounts.count == acknowledged.count)
        try await gateway.stop()
        await harness.stop()
        await TestPostgres.dropDatabase(database)
    }
}
