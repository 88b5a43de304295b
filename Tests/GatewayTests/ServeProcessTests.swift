import Composition
import Outbox
import Foundation
import Gateway
import ServeRig
import ServeStandIns
import Testing
import TestSupport

/// One `certbridge serve` process (``StartedCommand``), with the port it listens on.
struct ServeProcess {
    let command: StartedCommand
    let port: Int

    /// Starts `binary serve --config config` (the built `certbridge`) and waits until its log names the port.
    /// `environment` is the child's whole environment (the test's own if `nil`).
    static func start(binary: URL, config: String, environment: [String: String]? = nil) async throws -> ServeProcess {
        let command = try BuiltExecutable.start(
            executable: binary, arguments: ["serve", "--config", config], environment: environment)
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let text = command.stderr
            if let range = text.range(of: "address=127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits) { return ServeProcess(command: command, port: port) }
            }
            guard command.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        command.signal(SIGKILL)
        throw StandInError.serverDidNotStart("certbridge serve: \(command.stderr)")
    }

    /// What the process has logged so far (its stderr).
    var log: String { command.stderr }

    var webhook: WebhookSender {
        WebhookSender(url: "http://127.0.0.1:\(port)/webhooks/certifier", secret: ServeHarness.webhookSecret)
    }

    func waitForExit(timeout: Duration) async throws -> Int32? {
        try await command.waitForExit(timeout: timeout)
    }
}

@Suite("certbridge serve as a process", .serialized)
struct ServeProcessTests {
    @Test(
        "kill -9 mid-batch, restart: the killed process's jobs are taken within seconds (heartbeat, not the 600 s lease), every accepted event is delivered, none imported twice; SIGTERM exits cleanly"
    )
    func sigkillAndRestart() async throws {
        let binary = try BuiltExecutable.url("certbridge")
        let wallet = WalletStandIn(
            account: .init(clientId: "certbridge", username: "importer", password: "wallet-pw"),
            importDelay: .milliseconds(250))
        // A lease far beyond the test: without the heartbeat the restarted process would wait 10 minutes.
        let harness = try await ServeHarness(wallet: wallet, lease: "600s")
        let ids = (0..<10).map { "01kill\($0)" }
        for id in ids { harness.certifier.put(tsgCredential(id)) }

        let first = try await ServeProcess.start(binary: binary, config: harness.configPath)
        for (index, id) in ids.enumerated() {
            #expect(try await first.webhook.post(eventId: "ev-\(index)", credentialId: id) == 202)
        }
        // Killed while an import is in flight (received, its answer 250 ms away), so the process
        // certainly holds a lease: between one batch's commit and the next claim it holds none.
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let progress = wallet.importProgress
            if progress.answered >= 3 && progress.received > progress.answered { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        first.command.signal(SIGKILL)
        #expect(try await first.waitForExit(timeout: .seconds(5)) != nil)
        let deliveredBeforeRestart = wallet.importCounts.count
        #expect(deliveredBeforeRestart < 10)

        let store = try SQLiteOutboxStore(
            path: try GatewayConfiguration.storePath(configurationFile: harness.configPath))
        // The killed process left its owner row and its leased jobs behind.
        let killedOwners = try await store.leaseOwners(now: Date()).filter { $0.leasedJobs > 0 }
        let killed = Set(killedOwners.map(\.owner.name))
        let orphaned = killedOwners.reduce(0) { $0 + $1.leasedJobs }
        #expect(orphaned > 0, "the killed process held no lease; nothing to recover")
        let importsBeforeRestart = wallet.importRequests
        let restarted = ContinuousClock.now
        let second = try await ServeProcess.start(binary: binary, config: harness.configPath)
        var firstNewDelivery: Duration?
        var takenOver: Duration?
        while takenOver == nil && ContinuousClock.now - restarted < .seconds(60) {
            if firstNewDelivery == nil && wallet.importRequests > importsBeforeRestart { firstNewDelivery = ContinuousClock.now - restarted }
            // Taken over: the killed process holds no job any more (its row goes once its jobs are taken).
            if try await store.leaseOwners(now: Date()).allSatisfy({ !killed.contains($0.owner.name) || $0.leasedJobs == 0 }) {
                takenOver = ContinuousClock.now - restarted
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        let recovery = try #require(takenOver, "the killed process's jobs were not taken within 60 s (the lease is 600 s)")
        print(
            "kill -9 recovery: the killed process's \(orphaned) leased job(s) taken \(recovery) after restart; first new delivery after \(firstNewDelivery.map { "\($0)" } ?? "(later)") (heartbeat \(ServeRig.heartbeat), owner timeout \(ServeRig.ownerTimeout), lease 600 s)"
        )
        #expect(recovery <= ServeRig.ownerTimeout * 10, "recovery took \(recovery), over 10 × the owner timeout")
        let restartDeadline = ContinuousClock.now + .seconds(30)
        while try await store.counts()[.delivered] != 10 && ContinuousClock.now < restartDeadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try await store.counts()[.delivered] == 10)
        #expect(wallet.importCounts.count == 10)
        #expect(wallet.importCounts.values.allSatisfy { $0 == 1 }, "\(wallet.importCounts)")

        // The operator view of the same outbox.
        let list = try await BuiltExecutable.start(
            executable: binary, arguments: ["deliveries", "list", "--status", "delivered", "--config", harness.configPath]
        ).finished(timeout: .seconds(60))
        let listed = list.stdout
        #expect(list.status == 0)
        #expect(ids.allSatisfy { listed.contains($0) })

        second.command.signal(SIGTERM)
        #expect(try await second.waitForExit(timeout: .seconds(10)) == 0)
        let log = second.log
        #expect(log.contains("delivery worker stopped"))
        #expect(!log.contains("wallet-pw"))
        #expect(!log.contains("certifier-api-token"))
        #expect(!log.contains(ServeHarness.webhookSecret))
        await harness.stop()
    }
}
