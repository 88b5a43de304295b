import Composition
import Certifier
import Outbox
import Foundation
import Gateway
import Testing
import TestSupport

/// Runs the built `certbridge` with `arguments`; returns exit status, stdout and stderr.
func runCertbridge(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, out: String, err: String) {
    let run = try await BuiltExecutable.run("certbridge", arguments: arguments, environment: environment)
    return (run.status, run.stdout, run.stderr)
}

@Suite("operator commands", .serialized)
struct OperatorCommandTests {
    @Test("deliveries list, show and retry work on the configured outbox without the service's secrets")
    func deliveries() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-ops-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("certbridge.yaml").path
        try Data("store:\n  sqlite: outbox.sqlite\ncertifier:\n  api_token: ${NOT_SET_HERE}\n".utf8).write(to: URL(fileURLWithPath: config))
        let store = try SQLiteOutboxStore(path: directory.appendingPathComponent("outbox.sqlite").path)
        for (index, id) in ["01dead", "01done"].enumerated() {
            _ = try await store.record(
                event: WebhookEnvelope(id: "ev\(index)", type: "credential.created", resource: .init(id: id, type: "credential")).sourceEvent,
                now: Date())
        }
        var jobs = try await store.claimDue(owner: "t", now: Date(), limit: 2, lease: .seconds(5)).sorted { $0.id < $1.id }
        jobs[0].state = .dead
        jobs[0].lastError = "delivery: HTTP 400 BadRequest: issuer must be a string"
        jobs[1].state = .delivered
        jobs[1].vcId = "https://certbridge.example.org/credentials/x"
        for job in jobs { _ = try await store.save(job, owner: "t", keepLease: false, now: Date(), lease: .seconds(5)) }

        let dead = try await runCertbridge(["deliveries", "list", "--status", "dead", "--config", config])
        #expect(dead.status == 0)
        #expect(dead.out.contains("01dead"))
        #expect(dead.out.contains("issuer must be a string"))
        #expect(!dead.out.contains("01done"))
        let show = try await runCertbridge(["deliveries", "show", String(jobs[1].id), "--config", config])
        #expect(show.out.contains("vc id          https://certbridge.example.org/credentials/x"))
        let refused = try await runCertbridge(["deliveries", "retry", String(jobs[1].id), "--config", config])
        #expect(refused.status != 0)
        #expect(refused.err.contains("is delivered; only dead and no-match jobs can be retried"))
        let retried = try await runCertbridge(["deliveries", "retry", "--all-dead", "--config", config])
        #expect(retried.out.contains("1 dead job(s) queued again"))
        #expect(try await store.job(id: jobs[0].id)?.state == .received)
        let bogus = try await runCertbridge(["deliveries", "list", "--status", "lost", "--config", config])
        #expect(bogus.status != 0)
        #expect(bogus.err.contains("unknown status 'lost'"))
    }

    @Test("config check: exit 2 with positioned problems, or a summary that shows no secret")
    func configCheck() async throws {
        let harness = try await ServeHarness()
        let good = try await runCertbridge(["config", "check", "--config", harness.configPath])
        #expect(good.status == 0, "\(good.err)")
        #expect(good.out.contains("OK"))
        #expect(good.out.contains("did.json served"))
        #expect(!good.out.contains("wallet-pw"))
        #expect(!good.out.contains(ServeHarness.webhookSecret))
        #expect(good.out.contains("destination     tsg-wallet: http://127.0.0.1:"), "\(good.out)")
        // The Open Badge profile (target generic) has no destination in this configuration: said, not fatal.
        #expect(good.out.contains("open-badge-achievement.yaml:11:9: profile 'open-badge-achievement' has target 'generic': "
            + "no destination of this gateway takes it (configured: tsg-wallet)"), "\(good.out)")
        var text = try String(contentsOfFile: harness.configPath, encoding: .utf8)
        text = text.replacingOccurrences(of: "password: file:wallet.pw", with: "password: ${WALLET_PW_UNSET}")
        text = text.replacingOccurrences(of: "concurrency: 2", with: "concurrency: many")
        try Data(text.utf8).write(to: URL(fileURLWithPath: harness.configPath))
        let bad = try await runCertbridge(["config", "check", "--config", harness.configPath])
        #expect(bad.status == 2)
        #expect(bad.err.contains("wallet.password: environment variable WALLET_PW_UNSET is not set or empty"))
        #expect(bad.err.contains("delivery.concurrency: must be a whole number in 1...256"))
        #expect(bad.err.contains(harness.configPath + ":"))
        await harness.stop()
    }

    @Test("profiles lint --config: a target the configuration has no destination for is a warning at its position")
    func lintAgainstConfiguration() async throws {
        let harness = try await ServeHarness()
        let mappings = SharedVectors.repositoryFile("mappings").path
        let plain = try await runCertbridge(["profiles", "lint", mappings])
        #expect(plain.status == 0 && plain.out.contains("3 profile(s) OK, 0 warning(s)"), "\(plain.out)")
        let lint = try await runCertbridge(["profiles", "lint", mappings, "--config", harness.configPath])
        #expect(lint.status == 0, "\(lint.out)\(lint.err)")
        #expect(lint.out.contains("open-badge-achievement.yaml:11:9: warning: bad value: profile 'open-badge-achievement' has target "
            + "'generic': no destination of this gateway takes it (configured: tsg-wallet); configure a 'file' destination"), "\(lint.out)")
        #expect(lint.out.contains("3 profile(s) OK, 1 warning(s)"), "\(lint.out)")
        await harness.stop()
    }
}
