import Composition
import Outbox
import Foundation
import Gateway
import JSONCanonical
import PostgresTestSupport
import ServeStandIns
import TestSupport
import Testing

/// Runs the built `certbridge` with an empty environment, without blocking a concurrency thread
/// (the stand-ins need them): ``StartedCommand/finished(timeout:)`` polls for the exit.
func runCertbridgeAsync(_ arguments: [String], in directory: URL) async throws -> (status: Int32, out: String, err: String) {
    let run = try await BuiltExecutable.start("certbridge", arguments: arguments, in: directory, environment: [:])
        .finished(timeout: .seconds(60))
    return (run.status, run.stdout, run.stderr)
}

@Suite("certbridge convert --deliver", .serialized)
struct ConvertDeliverTests {
    /// NDJSON input of Certifier credentials the TSG profile converts.
    private func input(_ ids: [String], in harness: ServeHarness) throws -> String {
        let path = harness.directory.appendingPathComponent("input-\(ids.joined(separator: "-")).ndjson").path
        let text = ids.map { tsgCredential($0).compactString }.joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func convertDeliver(_ input: String, _ harness: ServeHarness) async throws -> (status: Int32, out: String, err: String) {
        try await runCertbridgeAsync(["convert", input, "--deliver", "--config", harness.configPath], in: harness.directory)
    }

    private func store(_ harness: ServeHarness) throws -> SQLiteOutboxStore {
        try SQLiteOutboxStore(path: try GatewayConfiguration.storePath(configurationFile: harness.configPath))
    }

    @Test("signing settings come from the configuration; each VC is imported once, a second run imports nothing")
    func deliveredOnceThenNothingTwice() async throws {
        let harness = try await ServeHarness()
        let path = try input(["01cd1", "01cd2"], in: harness)

        let first = try await convertDeliver(path, harness)
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out.isEmpty, "VCs are written only with --out")
        #expect(first.err.components(separatedBy: ": delivered (job ").count == 3, "\(first.err)")
        #expect(first.err.contains("delivery: 2 delivered, 0 already delivered, 0 queued for retry, 0 dead"))
        #expect(harness.wallet.importCounts.count == 2)
        #expect(harness.wallet.importCounts.values.allSatisfy { $0 == 1 })
        // Signed with the configuration's did:web issuer, not a did:key.
        let stored = try #require(harness.wallet.stored.values.first)
        #expect(stored["issuer"]?.stringValue == "did:web:certbridge.example.org")
        let requestsAfterFirst = harness.wallet.importRequests

        let second = try await convertDeliver(path, harness)
        #expect(second.status == 0, "\(second.err)")
        #expect(second.err.contains("delivery: 0 delivered, 2 already delivered, 0 queued for retry, 0 dead"), "\(second.err)")
        #expect(second.err.contains("already delivered (job "))
        #expect(harness.wallet.importRequests == requestsAfterFirst)
        #expect(harness.wallet.importCounts.values.allSatisfy { $0 == 1 })
        #expect(try await store(harness).counts()[.delivered] == 2)
        await harness.stop()
    }

    @Test("the same credential twice in one input is queued and imported once")
    func repeatedInInput() async throws {
        let harness = try await ServeHarness()
        let path = try input(["01cdtwice", "01cdtwice"], in: harness)
        let run = try await convertDeliver(path, harness)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.err.contains("same credential as line 1 (job "), "\(run.err)")
        #expect(run.err.contains("delivery: 1 delivered, 0 already delivered, 0 queued for retry, 0 dead, 1 repeated in the input"))
        #expect(harness.wallet.importRequests == 1)
        #expect(harness.wallet.importCounts.values.sorted() == [1])
        await harness.stop()
    }

    @Test("a VC whose profile does not target the TSG wallet is not queued, with the target named; exit 1")
    func nonWalletTargetNotQueued() async throws {
        let harness = try await ServeHarness()
        let examples = try String(contentsOf: SharedVectors.repositoryFile("Examples/certifier-credentials.ndjson"), encoding: .utf8)
        let badge = try #require(examples.split(separator: "\n").first { $0.contains("01hz9t3u8wx0y1z2a3b4c5d6eh") })
        let path = harness.directory.appendingPathComponent("badge-and-course.ndjson").path
        try Data((String(badge) + "\n" + tsgCredential("01cdcourse").compactString + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let run = try await convertDeliver(path, harness)
        #expect(run.status == 1, "\(run.err)")
        #expect(run.err.contains("not queued: profile 'open-badge-achievement' has target 'generic'"), "\(run.err)")
        #expect(run.err.contains("delivery: 1 delivered, 0 already delivered, 0 queued for retry, 0 dead, 1 not queued"), "\(run.err)")
        #expect(harness.wallet.importRequests == 1)
        await harness.stop()
    }

    @Test("a wallet 503 leaves the job queued and visible; the next run delivers it once")
    func outageThenLaterRun() async throws {
        let harness = try await ServeHarness()
        let path = try input(["01cd503"], in: harness)
        harness.wallet.failNext([.status(503, retryAfter: 1)])  // Retry-After keeps it out of this run

        let first = try await convertDeliver(path, harness)
        #expect(first.status == 75, "\(first.err)")
        #expect(first.err.contains("queued for retry (job "), "\(first.err)")
        #expect(first.err.contains("503"), "the wallet's answer is named: \(first.err)")
        #expect(harness.wallet.importCounts.isEmpty)
        let listed = try await runCertbridgeAsync(
            ["deliveries", "list", "--status", "signed", "--config", harness.configPath], in: harness.directory)
        #expect(listed.out.contains("01cd503"), "\(listed.out)")

        try await Task.sleep(for: .milliseconds(1200))  // past the wallet's Retry-After
        let second = try await convertDeliver(path, harness)
        #expect(second.status == 0, "\(second.err)")
        #expect(second.err.contains("delivery: 1 delivered, 0 already delivered, 0 queued for retry, 0 dead"), "\(second.err)")
        #expect(harness.wallet.importCounts.values.sorted() == [1])
        await harness.stop()
    }

    @Test("a job queued by convert during an outage is delivered by serve")
    func outageThenServe() async throws {
        let harness = try await ServeHarness()
        let path = try input(["01cdserve"], in: harness)
        harness.wallet.failNext([.status(503, retryAfter: 1)])  // Retry-After keeps it out of this run
        let first = try await convertDeliver(path, harness)
        #expect(first.status == 75, "\(first.err)")
        #expect(harness.wallet.importCounts.isEmpty)

        let gateway = try await harness.startGateway()
        #expect(try await gateway.waitUntil { try await gateway.allSettled() })
        #expect(harness.wallet.importCounts.values.sorted() == [1])
        #expect(try await gateway.server.store.counts()[.delivered] == 1)
        try await gateway.stop()
        await harness.stop()
    }

    @Test("a wallet 4xx makes the job dead with the wallet's reason; exit status 1")
    func rejectedIsDead() async throws {
        let harness = try await ServeHarness()
        let path = try input(["01cd400"], in: harness)
        harness.wallet.failNext([.status(400, retryAfter: nil)])
        let run = try await convertDeliver(path, harness)
        #expect(run.status == 1, "\(run.err)")
        #expect(run.err.contains("dead (job "), "\(run.err)")
        #expect(run.err.contains("400"), "\(run.err)")
        #expect(run.err.contains("deliveries retry"))
        #expect(try await store(harness).counts()[.dead] == 1)
        await harness.stop()
    }
}

@Suite(
    "certbridge convert --deliver over PostgreSQL", .serialized,
    .enabled(if: TestPostgres.isConfigured, Comment(rawValue: TestPostgres.skipReason)))
struct ConvertDeliverPostgresTests {
    @Test("a PostgreSQL outbox: delivered once, a second run imports nothing, serve over the same database sees the jobs")
    func postgresOutbox() async throws {
        let database = try await TestPostgres.createDatabase()
        let harness = try await ServeHarness(store: "postgres: file:database.url")
        try Data(try #require(TestPostgres.urlText(for: database)).utf8).write(to: harness.directory.appendingPathComponent("database.url"))
        let path = harness.directory.appendingPathComponent("input.ndjson").path
        try Data((["01pg1", "01pg2"].map { tsgCredential($0).compactString }.joined(separator: "\n") + "\n").utf8)
            .write(to: URL(fileURLWithPath: path))
        let arguments = ["convert", path, "--deliver", "--config", harness.configPath]

        let first = try await runCertbridgeAsync(arguments, in: harness.directory)
        #expect(first.status == 0, "\(first.err)")
        #expect(first.err.contains("delivery: 2 delivered, 0 already delivered, 0 queued for retry, 0 dead"), "\(first.err)")
        let second = try await runCertbridgeAsync(arguments, in: harness.directory)
        #expect(second.err.contains("delivery: 0 delivered, 2 already delivered, 0 queued for retry, 0 dead"), "\(second.err)")
        #expect(harness.wallet.importCounts.count == 2)
        #expect(harness.wallet.importCounts.values.allSatisfy { $0 == 1 })
        let gateway = try await harness.startGateway()
        #expect(try await gateway.server.store.counts()[.delivered] == 2)
        try await gateway.stop()
        await harness.stop()
        await TestPostgres.dropDatabase(database)
    }
}
