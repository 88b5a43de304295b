import Composition
import Foundation
import JSONCanonical
import Lifecycle
import Outbox
import ServeStandIns
import Testing
import TestSupport

/// The backfill and the scheduled reconcile against the Certifier stand-in's list and search,
/// over a real gateway's parts (shipped profiles, SQLite outbox).
@Suite("backfill and reconcile against Certifier's list", .serialized)
struct ReconcileTests {
    /// `count` TSG course certificates, `updatedAt` one day apart from 2026-01-01.
    static func credentials(_ count: Int, prefix: String = "01bf") -> [JSONValue] {
        (0..<count).map { index in
            var credential = tsgCredential("\(prefix)\(index)").objectValue ?? [:]
            let day = String(format: "%02d", index % 28 + 1)
            let month = String(format: "%02d", index / 28 % 12 + 1)
            credential["updatedAt"] = .string("2026-\(month)-\(day)T12:00:00.000Z")
            return .object(credential)
        }
    }

    @Test("backfill pages the list 100 at a time, waits out a 429 with Retry-After, and queues each new credential once")
    func backfillPages() async throws {
        let harness = try await ServeHarness()
        defer { Task { await harness.stop() } }
        for credential in Self.credentials(250) { harness.certifier.put(credential) }
        harness.certifier.failNext([.status(429, retryAfter: 1)])
        let parts = try GatewayParts(configuration: try GatewayConfiguration.load(path: harness.configPath, environment: [:]))
        let started = ContinuousClock.now
        let report = try await parts.reconciler().run(.backfill(since: nil))
        #expect(ContinuousClock.now - started >= .seconds(1), "Retry-After: 1 was honoured")
        #expect(report.waits == 1)
        #expect(report.read == 250 && report.newIssues == 250 && report.stopped == nil)
        #expect(harness.certifier.pageRequests.list == 3, "three pages of at most 100 (the 429 came before any page)")
        #expect(try await parts.store.counts()[.received] == 250)
        #expect(try await parts.store.cursor(named: "backfill") == nil, "a finished run leaves no cursor")
        // Queued credentials are in progress: a second backfill queues nothing twice.
        let again = try await parts.reconciler().run(.backfill(since: nil))
        #expect(again.newIssues == 0 && again.pending == 250)
        #expect(try await parts.store.jobs(state: nil, limit: 1000).count == 250)
    }

    @Test("an interrupted backfill keeps its cursor in the store and resumes after the last page it finished")
    func backfillResumes() async throws {
        let harness = try await ServeHarness()
        defer { Task { await harness.stop() } }
        for credential in Self.credentials(250) { harness.certifier.put(credential) }
        harness.certifier.failPage(cursor: "100", times: 3)
        let configuration = try GatewayConfiguration.load(path: harness.configPath, environment: [:])
        let parts = try GatewayParts(configuration: configuration)
        let impatient = Reconciler(
            store: parts.store, catalog: parts.source, converter: parts.converter, maximumChangeShare: 0.1, maximumPageAttempts: 2)
        await #expect(throws: ReconcileError.self) { _ = try await impatient.run(.backfill(since: nil)) }
        #expect(try await parts.store.cursor(named: "backfill") == "list:100")
        #expect(try await parts.store.counts()[.received] == 100)
        let resumed = try await parts.reconciler().run(.backfill(since: nil))
        #expect(resumed.resumed && resumed.read == 150 && resumed.newIssues == 150)
        #expect(resumed.notes.contains { $0.hasPrefix("deletions not checked") })
        #expect(try await parts.store.counts()[.received] == 250)
    }

    @Test("--since uses the search endpoint, and falls back to the list filtered here when Certifier refuses the search")
    func backfillSince() async throws {
        for refuse in [false, true] {
            let harness = try await ServeHarness()
            for credential in Self.credentials(120) { harness.certifier.put(credential) }
            if refuse { harness.certifier.refuseSearch() }
            let parts = try GatewayParts(configuration: try GatewayConfiguration.load(path: harness.configPath, environment: [:]))
            let since = try #require(ISO8601DateFormatter().date(from: "2026-04-01T00:00:00Z"))
            let report = try await parts.reconciler().run(.backfill(since: since))
            let expected = Self.credentials(120).filter { ($0["updatedAt"]?.stringValue ?? "") >= "2026-04-01" }
            #expect(report.newIssues == expected.count && expected.count == 36)
            let queued = Set(try await parts.store.jobs(state: nil, limit: 1000).map(\.sourceId))
            #expect(queued == Set(expected.compactMap { $0["id"]?.stringValue }))
            let pages = harness.certifier.pageRequests
            if refuse {
                #expect(pages.search == 1 && pages.list == 2)
                #expect(report.notes.contains { $0.contains("Certifier refused the search (HTTP 400)") })
            } else {
                #expect(pages.search == 1 && pages.list == 0)
            }
            await harness.stop()
        }
    }

    @Test("reconcile queues changed and deleted credentials within the allowed share, and stops, acting on nothing, above it")
    func reconcileShare() async throws {
        let harness = try await ServeHarness()
        defer { Task { await harness.stop() } }
        let credentials = Self.credentials(30, prefix: "01rc")
        for credential in credentials { harness.certifier.put(credential) }
        let gateway = try await harness.startGateway()
        for (index, credential) in credentials.enumerated() {
            #expect(try await gateway.webhook.post(eventId: "ev\(index)", credentialId: credential["id"]?.stringValue ?? "") == 202)
        }
        #expect(try await gateway.waitUntil { try await gateway.server.store.counts()[.delivered] == 30 })
        let reconciler = gateway.parts.reconciler()
        let quiet = try await reconciler.run(.reconcile)
        #expect(quiet.read == 30 && quiet.unchanged == 30 && quiet.drift == 0)

        // Twelve corrections of thirty: more than max(10, 10 % of 30); nothing is queued.
        for credential in credentials.prefix(12) {
            var changed = credential.objectValue ?? [:]
            changed["attributes"] = ["recipient.name": "Corrected"]
            changed["updatedAt"] = "2026-12-01T00:00:00.000Z"
            harness.certifier.put(.object(changed))
        }
        let stopped = try await reconciler.run(.reconcile)
        #expect(stopped.reissues == 12 && stopped.stopped != nil)
        #expect(try await gateway.server.store.counts()[.delivered] == 30)

        // Put eight back as they were, delete two: four changes and two deletions are queued and done.
        for credential in credentials.prefix(8) { harness.certifier.put(credential) }
        for credential in credentials.suffix(2) { harness.certifier.remove(credential["id"]?.stringValue ?? "") }
        let acted = try await reconciler.run(.reconcile)
        #expect(acted.reissues == 4 && acted.deletions == 2 && acted.stopped == nil)
        gateway.server.worker.wake()
        #expect(try await gateway.waitUntil { try await gateway.allSettled() })
        let counts = try await gateway.server.store.counts()
        #expect(counts[.deleted] == 2 && counts[.delivered] == 28)
        #expect(harness.wallet.importCounts.count == 34, "30 first issues and 4 new revisions")
        let revised = try await gateway.server.store.issued(matching: credentials[8]["id"]?.stringValue ?? "")
        #expect(revised.map(\.revision) == [1, 0])
        try await gateway.stop()
    }
}
