import AsyncHTTPClient
import Composition
import Foundation
import JSONCanonical
import Outbox
import ServeStandIns
import StatusList
import Testing
import TestSupport

/// The credential lifecycle against the real `certbridge serve` binary, with the Certifier and
/// TSG wallet stand-ins: updates re-issue and revoke, deletes revoke and purge, expiry and
/// profile edits do not revoke, operators revoke and suspend from the command line, and the
/// served lists verify and decode with a standard GZIP reader.
@Suite("credential lifecycle through certbridge serve", .serialized)
struct LifecycleProcessTests {
    static let publicURL = "https://certbridge.example.org"
    static let revocationList = "courses-revocation-1"
    static let suspensionList = "courses-suspension-1"
    static let extra = """
        public_url: \(publicURL)
        status:
          publish_interval: 100ms
          cache_seconds: 30

        """

    /// A copy of mappings/ whose TSG profile has `status:`.
    static func profiles() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-lifecycle-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: SharedVectors.repositoryFile("mappings"), to: folder)
        let file = folder.appendingPathComponent("course-certificate-tsg.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try Data((text + "status:\n  purposes: [revocation, suspension]\n  list: courses\n").utf8).write(to: file)
        return folder
    }

    /// `GET /status/<list>` from the running process: the status, headers and the list's set bits.
    static func served(_ port: Int, _ list: String, ifNoneMatch: String? = nil) async throws
        -> (status: Int, etag: String?, cacheControl: String?, body: String)
    {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/status/\(list)")
        if let ifNoneMatch { request.headers.add(name: "If-None-Match", value: ifNoneMatch) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 22)
        return (
            Int(response.status.code), response.headers.first(name: "ETag"), response.headers.first(name: "Cache-Control"),
            String(buffer: body)
        )
    }

    /// The indexes set in a served list, read with Python's gzip (not our decoder).
    static func setBits(_ port: Int, _ list: String) async throws -> Set<Int> {
        let response = try await served(port, list)
        guard response.status == 200 else { return [] }
        let credential = try JSONValue(parsing: response.body)
        guard let encoded = credential["credentialSubject"]?["encodedList"]?.stringValue else { return [] }
        return try await StandardGzip.decode(encoded).set
    }

    static func waitFor(_ what: String, timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out waiting until \(what)")
    }

    /// The revocation and suspension slots of a VC, from its `credentialStatus`.
    static func indexes(_ vc: JSONValue) throws -> (revocation: Int, suspension: Int) {
        let entries = try StatusListEntry.entries(of: vc)
        let revocation = try #require(entries.first { $0.purpose == .revocation })
        let suspension = try #require(entries.first { $0.purpose == .suspension })
        #expect(revocation.listCredential == "\(publicURL)/status/\(revocationList)")
        #expect(revocation.id == "\(publicURL)/status/\(revocationList)#\(revocation.index)")
        return (revocation.index, suspension.index)
    }

    static func run(_ arguments: [String]) async throws -> CommandRun {
        try await BuiltExecutable.run("certbridge", arguments: arguments)
    }

    @Test("created → delivered with status; updated → revision 1 delivered and revision 0 revoked; touched or expired → nothing; deleted → revoked and purged; operators suspend and revoke")
    func lifecycle() async throws {
        let binary = try BuiltExecutable.url("certbridge")
        let profiles = try Self.profiles()
        defer { try? FileManager.default.removeItem(at: profiles) }
        let harness = try await ServeHarness(profiles: profiles.path, extra: Self.extra)
        defer { Task { await harness.stop() } }
        let wallet = harness.wallet
        let c1 = tsgCredential("01life1")
        let c2 = tsgCredential("01life2", did: "did:web:wallet.example.org:users:ana")
        harness.certifier.put(c1)
        harness.certifier.put(c2)

        let serve = try await ServeProcess.start(binary: binary, config: harness.configPath)
        #expect(try await serve.webhook.post(eventId: "ev1", credentialId: "01life1") == 202)
        #expect(try await serve.webhook.post(eventId: "ev2", credentialId: "01life2") == 202)
        let store = try SQLiteOutboxStore(path: try GatewayConfiguration.storePath(configurationFile: harness.configPath))
        // The wallet holds a VC a moment before the outbox records the delivery; wait for both.
        try await Self.waitFor("both VCs are delivered") {
            let delivered = try await store.counts()[.delivered]
            return wallet.importCounts.count == 2 && delivered == 2
        }
        let first = try #require(try await store.issued(matching: "01life1").first)
        let firstVC = try #require(wallet.stored[first.vcId])
        let firstSlots = try Self.indexes(firstVC)
        let secondIssued = try #require(try await store.issued(matching: "01life2").first)
        let secondVC = try #require(wallet.stored[secondIssued.vcId])
        let secondSlots = try Self.indexes(secondVC)

        // The lists are served, signed, cacheable and revalidated by ETag; nothing is set yet.
        try await Self.waitFor("the lists are published") { try await Self.served(serve.port, Self.revocationList).status == 200 }
        let listResponse = try await Self.served(serve.port, Self.revocationList)
        #expect(listResponse.cacheControl == "public, max-age=30")
        let etag = try #require(listResponse.etag)
        #expect(try await Self.served(serve.port, Self.revocationList, ifNoneMatch: etag).status == 304)
        #expect(try await Self.served(serve.port, "nope-revocation-1").status == 404)
        #expect(try await Self.setBits(serve.port, Self.revocationList).isEmpty)

        // Updated in Certifier: a new revision with a new id reaches the wallet, the old index is revoked.
        var corrected = c1.objectValue ?? [:]
        corrected["attributes"] = ["recipient.name": "José Ñúñez Corrected"]
        corrected["updatedAt"] = "2026-12-01T10:00:00.000Z"
        harness.certifier.put(.object(corrected))
        #expect(try await serve.webhook.post(eventId: "ev3", credentialId: "01life1", type: "credential.updated") == 202)
        try await Self.waitFor("revision 1 is delivered") {
            let history = try await store.issued(matching: "01life1")
            return wallet.importCounts.count == 3 && history.count == 2
        }
        #expect(wallet.importCounts[first.vcId + "-r1"] == 1)
        try await Self.waitFor("revision 0's bit is set in the served list") {
            try await Self.setBits(serve.port, Self.revocationList) == [firstSlots.revocation]
        }
        #expect(try await Self.served(serve.port, Self.revocationList, ifNoneMatch: etag).status == 200, "a changed list has a new ETag")

        // `verify` reads the served list: revision 0 revoked, revision 1 valid.
        let work = harness.directory
        let didDocument = try await harness.startedDID(serve.port)
        try Data(didDocument.utf8).write(to: work.appendingPathComponent("did.json"))
        try Data(try await Self.served(serve.port, Self.revocationList).body.utf8).write(to: work.appendingPathComponent("list.json"))
        try Data(try await Self.served(serve.port, Self.suspensionList).body.utf8).write(to: work.appendingPathComponent("suspension.json"))
        try Data(firstVC.prettyString.utf8).write(to: work.appendingPathComponent("r0.json"))
        let secondRevision = try #require(wallet.stored[first.vcId + "-r1"])
        try Data(secondRevision.prettyString.utf8).write(to: work.appendingPathComponent("r1.json"))
        let verifyArguments = [
            "--did-doc", work.appendingPathComponent("did.json").path, "--contexts", profiles.path, "--status-list",
            "\(Self.publicURL)/status/\(Self.revocationList)=\(work.appendingPathComponent("list.json").path)",
            "--status-list", "\(Self.publicURL)/status/\(Self.suspensionList)=\(work.appendingPathComponent("suspension.json").path)",
        ]
        let revoked = try await Self.run(["verify", work.appendingPathComponent("r0.json").path] + verifyArguments)
        #expect(revoked.status == 1)
        #expect(revoked.stdout.contains("REVOKED (\(Self.publicURL)/status/\(Self.revocationList)#\(firstSlots.revocation))"), "\(revoked.output)")
        let valid = try await Self.run(["verify", work.appendingPathComponent("r1.json").path] + verifyArguments)
        #expect(valid.status == 0, "\(valid.output)")
        #expect(valid.stdout.contains("; status valid"), "\(valid.output)")

        // A touch that changes nothing the profile maps, and c2 reaching `expired`: no import, no revocation.
        var touched = corrected
        touched["updatedAt"] = "2026-12-02T10:00:00.000Z"
        harness.certifier.put(.object(touched))
        var expired = c2.objectValue ?? [:]
        expired["status"] = "expired"
        harness.certifier.put(.object(expired))
        #expect(try await serve.webhook.post(eventId: "ev4", credentialId: "01life1", type: "credential.updated") == 202)
        #expect(try await serve.webhook.post(eventId: "ev5", credentialId: "01life2", type: "credential.updated") == 202)
        try await Self.waitFor("both reconciles finished") {
            let counts = try await store.counts()
            return counts[.delivered] == 2 && counts[.received] == 0 && counts[.fetched] == 0
        }
        try await Task.sleep(for: .milliseconds(400))
        #expect(wallet.importCounts.count == 3)
        #expect(try await Self.setBits(serve.port, Self.revocationList) == [firstSlots.revocation])
        #expect(try await store.issued(matching: "01life2").map(\.state) == [.active])

        // Deleted in Certifier: revision 1 is revoked, and the outbox keeps no personal data.
        harness.certifier.remove("01life1")
        #expect(try await serve.webhook.post(eventId: "ev6", credentialId: "01life1", type: "credential.deleted") == 202)
        let revision1 = try Self.indexes(secondRevision)
        try await Self.waitFor("revision 1's bit is set") {
            try await Self.setBits(serve.port, Self.revocationList) == [firstSlots.revocation, revision1.revocation]
        }
        let deletedJob = try #require(try await store.jobs(state: .deleted, limit: 10).first)
        #expect(deletedJob.sourceId == "01life1" && deletedJob.credential == nil && deletedJob.vc == nil)
        #expect(try await store.issued(matching: "01life1").map(\.state) == [.revoked, .revoked])

        // Operators: suspend, lift, then revoke c2 from the command line while serve runs.
        let config = ["--config", harness.configPath]
        let suspend = try await Self.run(["suspend", secondVC["id"]?.stringValue ?? "", "--reason", "under review"] + config)
        #expect(suspend.status == 0, "\(suspend.output)")
        #expect(suspend.stdout.contains("active -> suspended"))
        try await Self.waitFor("the suspension bit is published") {
            try await Self.setBits(serve.port, Self.suspensionList) == [secondSlots.suspension]
        }
        #expect(try await Self.run(["unsuspend", "01life2", "--reason", "cleared"] + config).status == 0)
        try await Self.waitFor("the suspension is lifted") { try await Self.setBits(serve.port, Self.suspensionList).isEmpty }
        let revoke = try await Self.run(["revoke", "01life2", "--reason", "certificate withdrawn"] + config)
        #expect(revoke.status == 0, "\(revoke.output)")
        try await Self.waitFor("c2's revocation is published") {
            try await Self.setBits(serve.port, Self.revocationList) == [firstSlots.revocation, revision1.revocation, secondSlots.revocation]
        }
        let again = try await Self.run(["unsuspend", "01life2", "--reason", "oops"] + config)
        #expect(again.status == 1)
        #expect(again.stdout.contains("revoked, which is final"))

        // Status, audit and export.
        let status = try await Self.run(["status", "01life1"] + config)
        #expect(status.status == 0, "\(status.output)")
        #expect(status.stdout.contains(first.vcId + "-r1") && status.stdout.contains("revision      1"))
        #expect(status.stdout.contains("state         revoked  (deleted in Certifier"))
        let audit = try await Self.run(["audit"] + config)
        #expect(audit.stdout.contains("certificate withdrawn") && audit.stdout.contains("os:"))
        #expect(audit.stdout.contains("superseded") && audit.stdout.contains("deleted"))
        let exported = work.appendingPathComponent("exported")
        let export = try await Self.run(["status", "export", exported.path] + config)
        #expect(export.status == 0, "\(export.output)")
        let exportedList = try String(contentsOf: exported.appendingPathComponent(Self.revocationList), encoding: .utf8)
        #expect(exportedList == (try await Self.served(serve.port, Self.revocationList).body))

        serve.command.signal(SIGTERM)
        #expect(try await serve.waitForExit(timeout: .seconds(10)) == 0)
        #expect(!serve.log.contains("wallet-pw"))
    }

    @Test("a profile with status: and no public_url is refused by config check and by serve, naming the profile")
    func statusNeedsPublicURL() async throws {
        let profiles = try Self.profiles()
        defer { try? FileManager.default.removeItem(at: profiles) }
        let harness = try await ServeHarness(profiles: profiles.path)
        defer { Task { await harness.stop() } }
        let check = try await Self.run(["config", "check", "--config", harness.configPath])
        #expect(check.status == 2, "\(check.output)")
        #expect(check.stderr.contains("profiles course-certificate-tsg have status:, but the configuration has no public_url"), "\(check.stderr)")
        let serve = try await Self.run(["serve", "--config", harness.configPath])
        #expect(serve.status != 0)
        #expect(serve.output.contains("no public_url"), "\(serve.output)")
    }

    @Test("a profile edit re-issues nothing by itself (the job says why); reissue --profile does, revoking the old VC, and is audited")
    func profileEditIsNotReissued() async throws {
        let binary = try BuiltExecutable.url("certbridge")
        let profiles = try Self.profiles()
        defer { try? FileManager.default.removeItem(at: profiles) }
        let harness = try await ServeHarness(profiles: profiles.path, extra: Self.extra)
        defer { Task { await harness.stop() } }
        harness.certifier.put(tsgCredential("01edit1"))
        let first = try await ServeProcess.start(binary: binary, config: harness.configPath)
        #expect(try await first.webhook.post(eventId: "ev1", credentialId: "01edit1") == 202)
        try await Self.waitFor("the VC is in the wallet") { harness.wallet.importCounts.count == 1 }
        // SIGTERM lets the in-flight delivery finish and be recorded before the process exits.
        first.command.signal(SIGTERM)
        #expect(try await first.waitForExit(timeout: .seconds(10)) == 0)

        let base = profiles.appendingPathComponent("certifier-base.yaml")
        let text = try String(contentsOf: base, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "Certbridge Academy", with: "Renamed Academy").utf8).write(to: base)
        let second = try await ServeProcess.start(binary: binary, config: harness.configPath)
        #expect(try await second.webhook.post(eventId: "ev2", credentialId: "01edit1", type: "credential.updated") == 202)
        let store = try SQLiteOutboxStore(path: try GatewayConfiguration.storePath(configurationFile: harness.configPath))
        try await Self.waitFor("the reconcile kept the delivered VC") {
            try await store.jobs(state: .delivered, limit: 1).first?.lastError?.contains("certbridge reissue --profile course-certificate-tsg") == true
        }
        #expect(harness.wallet.importCounts.count == 1)
        #expect(try await store.issued(matching: "01edit1").map(\.state) == [.active])

        // The operator decides: a dry run counts, the real run re-issues and revokes the old VC.
        let config = ["--config", harness.configPath]
        let dryRun = try await Self.run(["reissue", "--profile", "course-certificate-tsg", "--dry-run"] + config)
        #expect(dryRun.status == 0, "\(dryRun.output)")
        #expect(dryRun.stdout.contains("1 would re-issue"), "\(dryRun.stdout)")
        #expect(try await Self.run(["reissue", "--profile", "course-certificate-tsg"] + config).status != 0, "a reason is required")
        let reissue = try await Self.run(["reissue", "--profile", "course-certificate-tsg", "--reason", "academy renamed"] + config)
        #expect(reissue.status == 0, "\(reissue.output)")
        #expect(reissue.stdout.contains("1 delivered credentials of profile 'course-certificate-tsg' queued"))
        try await Self.waitFor("revision 1 is delivered") {
            let history = try await store.issued(matching: "01edit1")
            return harness.wallet.importCounts.count == 2 && history.count == 2
        }
        let history = try await store.issued(matching: "01edit1")
        #expect(history.map(\.revision) == [1, 0])
        #expect(history.map(\.state) == [.active, .revoked])
        #expect(harness.wallet.stored[history[0].vcId]?["description"]?.stringValue == "Issued by Renamed Academy through Certifier.")
        let audit = try await Self.run(["audit"] + config)
        #expect(audit.stdout.contains("reissue") && audit.stdout.contains("academy renamed"), "\(audit.stdout)")
        second.command.signal(SIGTERM)
        #expect(try await second.waitForExit(timeout: .seconds(10)) == 0)
    }
}

extension ServeHarness {
    /// The did.json the running process serves.
    func startedDID(_ port: Int) async throws -> String {
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: "http://127.0.0.1:\(port)/.well-known/did.json"), timeout: .seconds(10))
        return String(buffer: try await response.body.collect(upTo: 1 << 20))
    }
}

@Suite("reconcile and backfill through certbridge serve", .serialized)
struct ReconcileProcessTests {
    @Test("a webhook never sent is delivered by the next scheduled reconcile; metrics show the run and its drift")
    func droppedWebhook() async throws {
        let binary = try BuiltExecutable.url("certbridge")
        let harness = try await ServeHarness(extra: "reconcile:\n  interval: 500ms\n")
        defer { Task { await harness.stop() } }
        harness.certifier.put(tsgCredential("01drop1"))
        let serve = try await ServeProcess.start(binary: binary, config: harness.configPath)
        // No webhook at all: only the reconcile can find it.
        try await LifecycleProcessTests.waitFor("the reconcile delivered it") { harness.wallet.importCounts.count == 1 }
        let metrics = try await ServeProcess.get(serve.port, "/metrics")
        #expect(metrics.contains("certbridge_reconcile_last_run_timestamp_seconds"))
        #expect(metrics.contains("certbridge_reconcile_drift{kind=\"new\"}"))
        serve.command.signal(SIGTERM)
        #expect(try await serve.waitForExit(timeout: .seconds(10)) == 0)
        #expect(serve.log.contains("reconcile found drift"))
    }

    @Test("a backfill running during live webhooks and updates delivers each credential exactly once per revision")
    func backfillDuringLiveTraffic() async throws {
        let binary = try BuiltExecutable.url("certbridge")
        let harness = try await ServeHarness()
        defer { Task { await harness.stop() } }
        let ids = (0..<60).map { "01live\($0)" }
        for id in ids { harness.certifier.put(tsgCredential(id)) }
        let serve = try await ServeProcess.start(binary: binary, config: harness.configPath)
        let backfill = try BuiltExecutable.start(executable: binary, arguments: ["backfill", "--config", harness.configPath])
        // Live traffic at the same time: a created webhook for every third, and updates for the first ten.
        for (index, id) in ids.enumerated() where index % 3 == 0 {
            #expect(try await serve.webhook.post(eventId: "created-\(index)", credentialId: id) == 202)
        }
        for (index, id) in ids.prefix(10).enumerated() {
            var changed = tsgCredential(id).objectValue ?? [:]
            changed["attributes"] = ["recipient.name": .string("Renamed \(index)")]
            changed["updatedAt"] = "2026-12-01T00:00:00.000Z"
            harness.certifier.put(.object(changed))
            #expect(try await serve.webhook.post(eventId: "updated-\(index)", credentialId: id, type: "credential.updated") == 202)
        }
        let finished = try await backfill.finished(timeout: .seconds(120))
        #expect(finished.status == 0, "\(finished.output)")
        let store = try SQLiteOutboxStore(path: try GatewayConfiguration.storePath(configurationFile: harness.configPath))
        try await LifecycleProcessTests.waitFor("every credential is delivered", timeout: .seconds(60)) {
            let counts = try await store.counts()
            return counts[.delivered] == 60 && JobState.pending.allSatisfy { counts[$0] == 0 }
        }
        // Every VC id arrived exactly once; each credential has revision 0, and the updated ones
        // at most one more revision (an update may land before or after the first issue).
        let imports = harness.wallet.importCounts
        #expect(imports.values.allSatisfy { $0 == 1 }, "\(imports.filter { $0.value != 1 })")
        for id in ids {
            let history = try await store.issued(matching: id)
            let revisions = history.map(\.revision).sorted()
            #expect(revisions == [0] || revisions == [0, 1], "\(id): \(revisions)")
            #expect(history.filter { $0.state == .active }.count == 1, "\(id): one current VC")
        }
        for id in ids.prefix(10) {
            let current = try #require(try await store.issued(matching: id).first { $0.state == .active })
            #expect(harness.wallet.stored[current.vcId]?["credentialSubject"]?["name"]?.stringValue?.hasPrefix("Renamed") == true)
        }
        serve.command.signal(SIGTERM)
        #expect(try await serve.waitForExit(timeout: .seconds(10)) == 0)
    }
}

extension ServeProcess {
    /// `GET path` from a running process: the body.
    static func get(_ port: Int, _ path: String) async throws -> String {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(10))
        return String(buffer: try await response.body.collect(upTo: 1 << 22))
    }
}
