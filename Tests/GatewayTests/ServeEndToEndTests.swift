import Composition
import AsyncHTTPClient
import Certifier
import Credentials
import Outbox
import Foundation
import Gateway
import JSONCanonical
import Mapping
import NIOCore
import Pipeline
import ServeRig
import ServeStandIns
import TestSupport
import Testing

@Suite("certbridge serve end to end (real server, real pipeline, stand-ins)", .serialized)
struct ServeEndToEndTests {
    @Test("webhook → Certifier → shipped profile → signed VC → wallet, once, and the proof verifies with did.json")
    func happyPath() async throws {
        let harness = try await ServeHarness()
        let gateway = try await harness.startGateway()
        harness.certifier.put(tsgCredential("01hz3k7m2qp4r5s6t7v8w9x0yb"))
        #expect(try await gateway.webhook.post(eventId: "ev-1", credentialId: "01hz3k7m2qp4r5s6t7v8w9x0yb") == 202)
        #expect(try await gateway.waitUntil { try await gateway.server.store.counts()[.delivered] == 1 })
        // Certifier retries the same event: acknowledged, not processed again.
        #expect(try await gateway.webhook.post(eventId: "ev-1", credentialId: "01hz3k7m2qp4r5s6t7v8w9x0yb") == 202)
        let vc = try #require(try await harness.storedVC(forSource: "01hz3k7m2qp4r5s6t7v8w9x0yb", in: gateway))
        #expect(harness.wallet.importCounts.values.reduce(0, +) == 1)
        #expect(harness.certifier.fetchCount("01hz3k7m2qp4r5s6t7v8w9x0yb") == 1)
        #expect(vc["issuer"] == "did:web:certbridge.example.org")
        #expect(vc["credentialSubject"]?["id"] == "did:web:wallet.example.org:users:jose")
        #expect(vc["proof"]?.arrayValue?.count == 1)
        // The issuer's did.json served by the gateway verifies the proof the wallet received.
        let did = try await gateway.get("/.well-known/did.json")
        #expect(did.status == 200)
        let document = try JSONValue(parsing: did.body)
        #expect(document["id"] == "did:web:certbridge.example.org")
        // The TSG profile chooses JsonWebSignature2020 over the RDF canonical form, so the verifier
        // needs the profiles' own JSON-LD contexts, as any relying party would.
        #expect(vc["proof"]?[0]?["type"] == "JsonWebSignature2020")
        let profiles = try ProfileLoader.load(directory: SharedVectors.repositoryFile("mappings"))
        let verifier = DataIntegrityVerifier(
            resolver: try DIDResolver(documents: [document]), registry: Cryptosuites.registries(for: profiles).w3c)
        _ = try verifier.verify(vc)
        let job = try #require(try await gateway.server.store.jobs(state: .delivered, limit: 1).first)
        #expect(job.receipt?.hasPrefix("rec-") == true)
        #expect(job.profile == "course-certificate-tsg")
        try await gateway.stop()
        await harness.stop()
    }

    @Test("bad or missing signature → 401, oversized body → 413, unknown type → 2xx ignored; none queued")
    func refusals() async throws {
        let harness = try await ServeHarness()
        let gateway = try await harness.startGateway()
        let body = Array(WebhookSender.envelope(id: "ev-x", credentialId: "c1").compactString.utf8)
        #expect(try await gateway.webhook.post(body, signature: .some(nil)) == 401)
        #expect(try await gateway.webhook.post(body, signature: .some(String(repeating: "ab", count: 32))) == 401)
        var tampered = body
        tampered[tampered.count - 3] = UInt8(ascii: "x")
        #expect(try await gateway.webhook.post(tampered, signature: .some(gateway.webhook.signature(body))) == 401)
        // 2048 bytes is the configured limit; a correctly signed larger body is still refused.
        var big = WebhookSender.envelope(id: "ev-big", credentialId: "c1").objectValue ?? [:]
        big["padding"] = .string(String(repeating: "x", count: 4096))
        #expect(try await gateway.webhook.post(Array(JSONValue.object(big).compactString.utf8)) == 413)
        #expect(try await gateway.webhook.post(eventId: "ev-g", credentialId: "g1", type: "group.updated") == 202)
        #expect(try await gateway.server.store.jobs(state: nil, limit: 10).isEmpty)
        let metrics = try await gateway.get("/metrics").body
        #expect(metrics.contains(#"certbridge_received_total{outcome="unauthorized"} 3"#))
        #expect(metrics.contains(#"certbridge_received_total{outcome="too_large"} 1"#))
        #expect(metrics.contains(#"certbridge_received_total{outcome="ignored"} 1"#))
        try await gateway.stop()
        await harness.stop()
    }

    @Test("a credential that fails mapping is dead with the field named; a draft is a visible no-match")
    func mappingOutcomes() async throws {
        let harness = try await ServeHarness()
        let gateway = try await harness.startGateway()
        harness.certifier.put(tsgCredential("01nodid", did: nil))
        harness.certifier.put(tsgCredential("01draft", status: "draft"))
        #expect(try await gateway.webhook.post(eventId: "ev-a", credentialId: "01nodid") == 202)
        #expect(try await gateway.webhook.post(eventId: "ev-b", credentialId: "01draft") == 202)
        #expect(try await gateway.waitUntil { try await gateway.allSettled() })
        let jobs = Dictionary(uniqueKeysWithValues: try await gateway.server.store.jobs(state: nil, limit: 10).map { ($0.sourceId, $0) })
        #expect(jobs["01nodid"]?.state == .dead)
        let reason = try #require(jobs["01nodid"]?.lastError)
        #expect(reason.contains("credentialSubject.id"), "\(reason)")
        #expect(reason.contains("course-certificate-tsg.yaml"), "\(reason)")
        #expect(jobs["01draft"]?.state == .noMatch)
        #expect(harness.wallet.importRequests == 0)
        try await gateway.stop()
        await harness.stop()
    }

    @Test("a VC whose profile does not target the TSG wallet is dead with the target named, and the wallet gets no request")
    func nonWalletTargetIsRefusedBeforeDelivery() async throws {
        let harness = try await ServeHarness()
        let gateway = try await harness.startGateway()
        // The Open Badge example: its profile (open-badge-achievement) has target generic.
        let badge = try openBadgeExample()
        harness.certifier.put(badge)
        harness.certifier.put(tsgCredential("01wallet"))
        #expect(try await gateway.webhook.post(eventId: "ev-badge", credentialId: "01hz9t3u8wx0y1z2a3b4c5d6eh") == 202)
        #expect(try await gateway.webhook.post(eventId: "ev-wallet", credentialId: "01wallet") == 202)
        #expect(try await gateway.waitUntil { try await gateway.allSettled() })
        let jobs = Dictionary(uniqueKeysWithValues: try await gateway.server.store.jobs(state: nil, limit: 10).map { ($0.sourceId, $0) })
        #expect(jobs["01hz9t3u8wx0y1z2a3b4c5d6eh"]?.state == .dead)
        let reason = try #require(jobs["01hz9t3u8wx0y1z2a3b4c5d6eh"]?.lastError)
        #expect(reason.contains("profile 'open-badge-achievement' has target 'generic'"), "\(reason)")
        #expect(jobs["01wallet"]?.state == .delivered)
        #expect(harness.wallet.importRequests == 1, "only the wallet-bound VC is sent")
        try await gateway.stop()
        await harness.stop()
    }

    @Test("two destinations in one gateway: the Open Badge (target generic) lands in the file sink, the TSG VC in the wallet")
    func fileSinkBesideWallet() async throws {
        let harness = try await ServeHarness()
        let sinkDirectory = harness.directory.appendingPathComponent("issued")
        let text = try String(contentsOfFile: harness.configPath, encoding: .utf8)
        try Data((text + "\ndestinations:\n  file:\n    directory: issued\n").utf8).write(to: URL(fileURLWithPath: harness.configPath))
        let gateway = try await harness.startGateway()
        #expect(gateway.parts.destinations.map(\.kind.name) == ["tsg-wallet", "file"])
        #expect(gateway.parts.routing.router.destination(forProfile: "open-badge-achievement")?.kind.name == "file")
        let badge = try openBadgeExample()
        harness.certifier.put(badge)
        harness.certifier.put(tsgCredential("01wallet"))
        #expect(try await gateway.webhook.post(eventId: "ev-badge", credentialId: "01hz9t3u8wx0y1z2a3b4c5d6eh") == 202)
        #expect(try await gateway.webhook.post(eventId: "ev-wallet", credentialId: "01wallet") == 202)
        #expect(try await gateway.waitUntil { try await gateway.allSettled() })
        let jobs = Dictionary(uniqueKeysWithValues: try await gateway.server.store.jobs(state: nil, limit: 10).map { ($0.sourceId, $0) })
        let badgeJob = try #require(jobs["01hz9t3u8wx0y1z2a3b4c5d6eh"])
        #expect(badgeJob.state == .delivered, "\(badgeJob.lastError ?? "")")
        #expect(jobs["01wallet"]?.state == .delivered)
        #expect(harness.wallet.importRequests == 1, "only the wallet-bound VC goes to the wallet")
        // The file holds the signed VC as the pipeline made it (plain form: one proof object), and it verifies.
        let files = try FileManager.default.contentsOfDirectory(atPath: sinkDirectory.path)
        #expect(files == [try #require(badgeJob.receipt)])
        let stored = try JSONValue(parsing: Array(Data(contentsOf: sinkDirectory.appendingPathComponent(files[0]))))
        #expect(stored["id"]?.stringValue == badgeJob.vcId)
        #expect(stored["proof"]?.objectValue != nil)
        let verifier = try verifierForGateway(gateway)
        #expect(try verifier.verify(stored).proofs.first?.cryptosuite == "eddsa-rdfc-2022")
        try await gateway.stop()
        await harness.stop()
    }

    @Test("wallet outage, 429 with Retry-After and expiring tokens: everything arrives exactly once")
    func outageAndTokenExpiry() async throws {
        let wallet = WalletStandIn(
            account: .init(clientId: "certbridge", username: "importer", password: "wallet-pw"),
            tokenLifetime: .milliseconds(700))
        let harness = try await ServeHarness(wallet: wallet)
        let gateway = try await harness.startGateway()
        wallet.failNext([.status(503, retryAfter: nil), .status(503, retryAfter: nil), .status(429, retryAfter: 1)])
        let ids = (0..<6).map { "01batch\($0)" }
        for (index, id) in ids.enumerated() {
            harness.certifier.put(tsgCredential(id))
            #expect(try await gateway.webhook.post(eventId: "ev-\(index)", credentialId: id) == 202)
            if index == 3 { wallet.revokeAllTokens() }
            try await Task.sleep(for: .milliseconds(150))
        }
        #expect(try await gateway.waitUntil { try await gateway.server.store.counts()[.delivered] == 6 })
        #expect(wallet.importCounts.count == 6)
        #expect(wallet.importCounts.values.allSatisfy { $0 == 1 })
        #expect(wallet.tokensIssued >= 2)
        let metrics = try await gateway.get("/metrics").body
        #expect(metrics.contains("certbridge_delivered_total 6"))
        #expect(metrics.contains(#"certbridge_jobs{state="delivered"} 6"#))
        #expect(metrics.contains("certbridge_wallet_import_seconds_bucket"))
        #expect(!metrics.contains("certbridge_retried_total 0"))
        try await gateway.stop()
        await harness.stop()
    }

    @Test("graceful shutdown finishes in-flight deliveries and leaves the rest queued; a restart delivers them once")
    func gracefulShutdownAndRestart() async throws {
        let wallet = WalletStandIn(
            account: .init(clientId: "certbridge", username: "importer", password: "wallet-pw"),
            importDelay: .milliseconds(400))
        let harness = try await ServeHarness(wallet: wallet)
        let gateway = try await harness.startGateway()
        let ids = (0..<8).map { "01grace\($0)" }
        for (index, id) in ids.enumerated() {
            harness.certifier.put(tsgCredential(id))
            #expect(try await gateway.webhook.post(eventId: "ev-\(index)", credentialId: id) == 202)
        }
        #expect(try await gateway.waitUntil { wallet.importRequests >= 1 })
        try await gateway.stop()
        let afterStop = try await gateway.server.store.counts()
        // The import requests in flight at shutdown completed and were recorded.
        #expect(afterStop[.delivered] == wallet.importCounts.count)
        #expect((afterStop[.delivered] ?? 0) < 8)
        #expect(afterStop[.dead] == 0)
        let restarted = try await harness.startGateway()
        #expect(try await restarted.waitUntil { try await restarted.server.store.counts()[.delivered] == 8 })
        #expect(wallet.importCounts.count == 8)
        #expect(wallet.importCounts.values.allSatisfy { $0 == 1 })
        try await restarted.stop()
        await harness.stop()
    }

    @Test("health, readiness, and the event is stored before the 2xx")
    func healthAndDurability() async throws {
        let harness = try await ServeHarness()
        let gateway = try await harness.startGateway()
        #expect(try await gateway.get("/healthz").status == 200)
        #expect(try await gateway.get("/readyz").status == 200)
        var request = HTTPClientRequest(url: gateway.baseURL + "/webhooks/certifier")
        request.method = .POST
        let body = Array(WebhookSender.envelope(id: "ev-d", credentialId: "01durable").compactString.utf8)
        request.headers.add(name: "X-Webhook-Signature", value: gateway.webhook.signature(body))
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let reply = try JSONValue(parsing: String(buffer: try await response.body.collect(upTo: 1 << 16)))
        #expect(response.status.code == 202)
        let jobId = try #require(reply["job"]?.numberValue)
        #expect(try await gateway.server.store.job(id: Int64(jobId))?.sourceId == "01durable")
        try await gateway.stop()
        await harness.stop()
    }
}

/// A verifier for the VCs of a running gateway: its did.json and the profiles' contexts.
func verifierForGateway(_ gateway: RunningGateway) throws -> DataIntegrityVerifier {
    DataIntegrityVerifier(
        resolver: try DIDResolver(documents: [try #require(gateway.parts.setup.didDocument)]),
        registry: gateway.parts.setup.registries.w3c)
}

/// The bundled Open Badge example (profile open-badge-achievement, target generic).
func openBadgeExample() throws -> JSONValue {
    let examples = try String(contentsOf: SharedVectors.repositoryFile("Examples/certifier-credentials.ndjson"), encoding: .utf8)
    return try #require(
        try examples.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
            .first { $0["id"] == "01hz9t3u8wx0y1z2a3b4c5d6eh" })
}
