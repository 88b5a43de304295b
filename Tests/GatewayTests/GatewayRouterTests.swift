import Composition
import Certifier
import Outbox
import Foundation
import Gateway
import Hummingbird
import HummingbirdTesting
import JSONCanonical
import Logging
import NIOConcurrencyHelpers
import NIOCore
import ServeStandIns
import Testing
import TestSupport
import Secrets

/// An outbox whose database is gone; it counts the claims it refused, and its heartbeats can hang.
struct BrokenStore: OutboxStore {
    let failure = OutboxError.database("disk I/O error")
    let claims = NIOLockedValueBox(0)
    let heartbeatsHang = NIOLockedValueBox(false)
    func record(event: SourceEvent, now: Date) async throws(OutboxError) -> EventOutcome { throw failure }
    func enqueue(converted: ConvertedDelivery, now: Date) async throws(OutboxError) -> EventOutcome { throw failure }
    func claimDue(owner: String, now: Date, limit: Int, lease: Duration, states: Set<JobState>) async throws(OutboxError)
        -> [DeliveryJob]
    {
        claims.withLockedValue { $0 += 1 }
        throw failure
    }
    func save(_ job: DeliveryJob, owner: String, keepLease: Bool, now: Date, lease: Duration) async throws(OutboxError)
        -> Bool
    { throw failure }
    func job(id: Int64) async throws(OutboxError) -> DeliveryJob? { throw failure }
    func jobs(state: JobState?, limit: Int) async throws(OutboxError) -> [DeliveryJob] { throw failure }
    func retry(id: Int64, now: Date) async throws(OutboxError) -> DeliveryJob? { throw failure }
    func retryAllDead(now: Date) async throws(OutboxError) -> Int { throw failure }
    func counts() async throws(OutboxError) -> [JobState: Int] { throw failure }
    func reserveStatusIndexes(_ family: StatusListFamily, count: Int, listEntries: Int, now: Date) async throws(OutboxError)
        -> [StatusSlot]
    { throw failure }
    func changeStatus(of id: String, _ change: StatusChange, reason: String, actor: String, now: Date) async throws(OutboxError)
        -> [StatusChangeResult]
    { throw failure }
    func issued(matching id: String) async throws(OutboxError) -> [IssuedCredential] { throw failure }
    func auditTrail(subject: String?, limit: Int) async throws(OutboxError) -> [AuditEntry] { throw failure }
    func publishStatusLists(
        now: Date, rule: StatusPublicationRule, sign: @escaping @Sendable (StatusListRecord, Date) throws -> String
    ) async throws(OutboxError) -> StatusPublication { throw failure }
    func publishedStatusList(slug: String) async throws(OutboxError) -> PublishedStatusList? { throw failure }
    func publishedStatusLists() async throws(OutboxError) -> [PublishedStatusList] { throw failure }
    func jobs(sourceIds: [String]) async throws(OutboxError) -> [DeliveryJob] { throw failure }
    func sourceIdsWithCurrentVCs() async throws(OutboxError) -> [String] { throw failure }
    func requestReissue(profile: String, reason: String, actor: String, now: Date) async throws(OutboxError) -> Int { throw failure }
    func currentVCs(signedBy verificationMethod: String) async throws(OutboxError) -> [KeySignedVC] { throw failure }
    func requestReissue(signedBy verificationMethod: String, reason: String, actor: String, now: Date) async throws(OutboxError)
        -> KeyReissueRequest { throw failure }
    func cursor(named name: String) async throws(OutboxError) -> String? { throw failure }
    func setCursor(named name: String, to value: String?, now: Date) async throws(OutboxError) { throw failure }
    func insertRecord(_ record: ProtocolRecord) async throws(OutboxError) -> Bool { throw failure }
    func record(kind: String, id: String, now: Date) async throws(OutboxError) -> ProtocolRecord? { throw failure }
    func records(kind: String, subject: String?, states: Set<String>?, now: Date, limit: Int) async throws(OutboxError)
        -> [ProtocolRecord]
    { throw failure }
    func updateRecord(kind: String, id: String, expectedState: String?, state: String, body: JSONValue?, now: Date)
        async throws(OutboxError) -> Bool
    { throw failure }
    func takeRecord(kind: String, id: String, now: Date) async throws(OutboxError) -> ProtocolRecord? { throw failure }
    func purgeExpiredRecords(now: Date) async throws(OutboxError) -> Int { throw failure }
    func redeliver(vcIds: [String], now: Date) async throws(OutboxError) -> Int { throw failure }
}

@Suite("gateway routes")
struct GatewayRouterTests {
    @Test("with the outbox down, readiness is 503 and a valid webhook is not acknowledged (Certifier retries)")
    func storeDown() async throws {
        var routes = GatewayRouter(
            store: BrokenStore(), webhookSecret: Secret("s"), maximumBodyBytes: 4096, metrics: GatewayMetrics(),
            didDocument: nil, logger: Logger(label: "test"), onEnqueued: {})
        routes.statusListCacheSeconds = 60
        let app = Application(router: routes.makeRouter())
        let body = Array(WebhookSender.envelope(id: "e1", credentialId: "c1").compactString.utf8)
        let signature = WebhookSender(url: "", secret: "s").signature(body)
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .serviceUnavailable) }
            try await client.execute(
                uri: "/webhooks/certifier", method: .post, headers: [.init("X-Webhook-Signature")!: signature],
                body: ByteBuffer(bytes: body)
            ) { #expect($0.status == .serviceUnavailable) }
            // Status lists are not guessed at while the store is down.
            try await client.execute(uri: "/status/courses-revocation-1", method: .get) { #expect($0.status == .serviceUnavailable) }
            // No did:web issuer configured: no did.json.
            try await client.execute(uri: "/.well-known/did.json", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test("an accepted webhook's log line names its event, event type, credential, job and outcome")
    func webhookLogMetadata() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("router-log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteOutboxStore(path: directory.appendingPathComponent("outbox.sqlite").path)
        let lines = NIOLockedValueBox<[String]>([])
        let routes = GatewayRouter(
            store: store, webhookSecret: Secret("s"), maximumBodyBytes: 4096, metrics: GatewayMetrics(),
            didDocument: nil, logger: Logger(label: "test") { _ in RecordingLogHandler(lines: lines) }, onEnqueued: {})
        let app = Application(router: routes.makeRouter())
        let body = Array(WebhookSender.envelope(id: "e1", credentialId: "c1").compactString.utf8)
        let signature = WebhookSender(url: "", secret: "s").signature(body)
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/webhooks/certifier", method: .post, headers: [.init("X-Webhook-Signature")!: signature],
                body: ByteBuffer(bytes: body)
            ) { #expect($0.status == .accepted) }
        }
        let accepted = try #require(lines.withLockedValue { $0 }.first { $0.contains("webhook accepted") })
        for pair in [#""event": e1"#, #""event_type": credential.created"#, #""credential": c1"#, #""job": 1"#, #""outcome": accepted"#] {
            #expect(accepted.contains(pair), "\(pair) in \(accepted)")
        }
    }
}
