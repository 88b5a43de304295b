import Composition
import Outbox
import Foundation
import Gateway
import ServeStandIns
import Testing
import TestSupport

/// The built `certbridge` executable next to the test bundle, if there is one.
let certbridgeBinary: URL? = BuiltExecutable.url("certbridge")

/// One `certbridge serve` process with its stderr in a file.
struct ServeProcess {
    let process: Process
    let log: URL
    let port: Int

    static func start(binary: URL, config: String, log: URL) async throws -> ServeProcess {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--config", config]
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: "address=127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits) { return ServeProcess(process: process, log: log, port: port) }
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        throw StandInError.serverDidNotStart("certbridge serve: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
    }

    var webhook: WebhookSender {
        WebhookSender(url: "http://127.0.0.1:\(port)/webhooks/certifier", secret: ServeHarness.webhookSecret)
    }

    func waitForExit(timeout: Duration) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(25)) }
        return process.isRunning ? nil : process.terminationStatus
    }
}

@Suite("certbridge serve as a process", .serialized, .enabled(if: certbridgeBinary != nil, "the certbridge executable is built"))
struct ServeProcessTests {
    @Test("kill -9 mid-batch, restart: every accepted event is delivered, none imported twice; SIGTERM exits cleanly")
    func sigkillAndRestart() async throws {
        let binary = try #require(certbridgeBinary)
        let wallet = WalletStandIn(
            account: .init(clientId: "certbridge", username: "importer", password: "wallet-pw"),
            importDelay: .milliseconds(250))
        let harness = try await ServeHarness(wallet: wallet)
        let ids = (0..<10).map { "01kill\($0)" }
        for id in ids { harness.certifier.put(tsgCredential(id)) }

        let first = try await ServeProcess.start(
            binary: binary, config: harness.configPath, log: harness.directory.appendingPathComponent("first.log"))
        for (index, id) in ids.enumerated() {
            #expect(try await first.webhook.post(eventId: "ev-\(index)", credentialId: id) == 202)
        }
        let deadline = ContinuousClock.now + .seconds(20)
        while wallet.importRequests < 3 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        kill(first.process.processIdentifier, SIGKILL)
        #expect(try await first.waitForExit(timeout: .seconds(5)) != nil)
        let deliveredBeforeRestart = wallet.importCounts.count
        #expect(deliveredBeforeRestart < 10)

        let second = try await ServeProcess.start(
            binary: binary, config: harness.configPath, log: harness.directory.appendingPathComponent("second.log"))
        let store = try SQLiteOutboxStore(
            path: try GatewayConfiguration.storePath(configurationFile: harness.configPath))
        let restartDeadline = ContinuousClock.now + .seconds(30)
        while try await store.counts()[.delivered] != 10 && ContinuousClock.now < restartDeadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try await store.counts()[.delivered] == 10)
        #expect(wallet.importCounts.count == 10)
        #expect(wallet.importCounts.values.allSatisfy { $0 == 1 }, "\(wallet.importCounts)")

        // The operator view of the same outbox.
        let list = try BuiltExecutable.run(
            executable: binary, arguments: ["deliveries", "list", "--status", "delivered", "--config", harness.configPath])
        let listed = list.stdout
        #expect(list.status == 0)
        #expect(ids.allSatisfy { listed.contains($0) })

        kill(second.process.processIdentifier, SIGTERM)
        #expect(try await second.waitForExit(timeout: .seconds(10)) == 0)
        let log = (try? String(contentsOf: second.log, encoding: .utf8)) ?? ""
        #expect(log.contains("delivery worker stopped"))
        #expect(!log.contains("wallet-pw"))
        #expect(!log.contains("certifier-api-token"))
        #expect(!log.contains(ServeHarness.webhookSecret))
        await harness.stop()
    }
}
