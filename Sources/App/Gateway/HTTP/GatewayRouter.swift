import Certifier
import DIDResolution
import Destination
import Outbox
import Foundation
import Hummingbird
import JSONCanonical
import Logging
import NIOCore
import Secrets

/// The gateway's HTTP surface: the Certifier webhook, health, readiness, metrics, did.json and
/// the profiles' own JSON-LD contexts.
public struct GatewayRouter: Sendable {
    /// Path Certifier posts webhooks to.
    public static let webhookPath = "/webhooks/certifier"

    let store: any OutboxStore
    let verifier: WebhookSignatureVerifier
    let maximumBodyBytes: Int
    let metrics: GatewayMetrics
    let didDocument: JSONValue?
    let contexts: PublishedContexts
    let onEnqueued: @Sendable () -> Void
    let logger: Logger
    /// `Cache-Control: max-age` of served status lists; `nil` serves none.
    public var statusListCacheSeconds: Int?
    /// The destinations' holder-facing doors (DCP's issuer service, OpenID4VCI's issuer), each at its mount paths.
    public var holderServices: [any HolderService] = []
    /// The operators' token for the doors' admin paths; `nil` turns those paths off (403).
    public var adminToken: Secret?
    /// The per-client rate limit of the holder-facing doors; `nil` for none.
    var rateLimiter: RateLimiter?
    /// Bounds the webhook's, `/readyz`'s, `/metrics`' and the status lists' store calls, and answers
    /// 503 at once while the store is known to fail (`store.request_timeout`, `store.probe_interval`).
    /// The composition root hands the same breaker to the holder-facing doors (``BreakerGuardedRecords``).
    public var storeBreaker = StoreBreaker()

    /// Limits requests to the holder-facing doors per client address.
    public mutating func limitRate(requestsPerMinute: Int, burst: Int, trustedProxies: [CIDR]) {
        rateLimiter = RateLimiter(requestsPerMinute: requestsPerMinute, burst: burst, trustedProxies: trustedProxies)
    }

    /// Creates the routes; `onEnqueued` wakes the worker after a job was stored.
    public init(
        store: any OutboxStore, webhookSecret: Secret, maximumBodyBytes: Int, metrics: GatewayMetrics,
        didDocument: JSONValue?, contexts: PublishedContexts = PublishedContexts(), logger: Logger,
        onEnqueued: @escaping @Sendable () -> Void
    ) {
        self.contexts = contexts
        self.store = store
        self.verifier = WebhookSignatureVerifier(secret: webhookSecret)
        self.maximumBodyBytes = maximumBodyBytes
        self.metrics = metrics
        self.didDocument = didDocument
        self.onEnqueued = onEnqueued
        self.logger = logger
    }

    /// The Hummingbird router.
    public func makeRouter() -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        router.post(RouterPath(Self.webhookPath)) { request, _ in
            try await self.webhook(request)
        }
        router.get("/healthz") { _, _ in Response.json(.ok, ["status": "ok"]) }
        router.get("/readyz") { _, _ in
            await self.readiness()
        }
        router.get("/metrics") { _, _ in
            // Bounded like the webhook's calls: while the store fails, metrics answer at once
            // with the last queue depths instead of waiting on the database.
            let store = self.store
            if let counts = try? await self.storeBreaker.call({ try await store.counts() }) { self.metrics.queueDepth(counts) }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: self.metrics.registry.emitToBuffer())))
        }
        if let didDocument {
            router.get("/.well-known/did.json") { _, _ in
                Response(
                    status: .ok, headers: [.contentType: "application/did+json"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: didDocument.prettyString)))
            }
        }
        if let cacheSeconds = statusListCacheSeconds {
            router.get("/status/:list") { request, context in
                try await self.statusList(request, list: context.parameters.get("list") ?? "", cacheSeconds: cacheSeconds)
            }
        }
        mount(holderServices, on: router)
        for (path, bytes) in contexts.documents.sorted(by: { $0.key < $1.key }) {
            router.get(RouterPath(path)) { _, _ in
                // Any origin may read a public context (browser-based JSON-LD loaders need CORS).
                Response(
                    status: .ok,
                    headers: [.contentType: "application/ld+json", .accessControlAllowOrigin: "*", .cacheControl: "public, max-age=3600"],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
            }
        }
        return router
    }

    /// Verifies, stores, and only then acknowledges a webhook; processing happens in the worker.
    func webhook(_ request: Request) async throws -> Response {
        let started = ContinuousClock.now
        defer { metrics.webhookHandled(after: ContinuousClock.now - started) }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maximumBodyBytes)
        } catch {
            metrics.webhookReceived(outcome: "too_large")
            logger.warning("webhook refused: body too large", metadata: ["limit": "\(maximumBodyBytes)"])
            return Response.json(.contentTooLarge, ["error": .string("body exceeds \(maximumBodyBytes) bytes")])
        }
        let bytes = Array(body.readableBytesView)
        do {
            try verifier.verify(body: bytes, header: Self.header(request, WebhookSignatureVerifier.headerName))
        } catch {
            metrics.webhookReceived(outcome: "unauthorized")
            logger.warning("webhook refused", metadata: ["reason": "\(error)"])
            return Response.json(.unauthorized, ["error": .string("\(error)")])
        }
        let envelope: WebhookEnvelope
        do {
            envelope = try WebhookEnvelope.decode(bytes)
        } catch {
            metrics.webhookReceived(outcome: "malformed")
            logger.warning("webhook refused", metadata: ["reason": "\(error)"])
            return Response.json(.badRequest, ["error": .string("\(error)")])
        }
        var log = logger
        // One write of the handler's metadata: the stream handler formats it again at each write.
        log.handler.metadata.merge(
            ["event": "\(envelope.id)", "event_type": "\(envelope.type)", "credential": "\(envelope.data.resource.id)"]
        ) { _, new in new }
        let outcome: EventOutcome
        do {
            // 202 only after this commit; a timeout or failure answers 503 and Certifier sends the event again.
            let (store, event) = (self.store, envelope.sourceEvent)
            outcome = try await storeBreaker.call { try await store.record(event: event, now: Date()) }
        } catch {
            metrics.webhookReceived(outcome: "store_error")
            log.error("webhook not stored", metadata: ["error": "\(error)"])
            return Response.storeUnavailable(error, message: "outbox unavailable, retry later")
        }
        let label = Self.label(outcome)
        metrics.webhookReceived(outcome: label)
        switch outcome {
        case .enqueued, .reopened, .reconciling:
            log.info("webhook accepted", metadata: ["job": "\(outcome.jobId ?? 0)", "outcome": "\(label)"])
            onEnqueued()
        case .ignored(let type):
            log.notice("webhook ignored: event type not handled", metadata: ["type": "\(type)"])
        case .duplicateEvent, .coalesced, .alreadyDelivered:
            log.info("webhook acknowledged without new work", metadata: ["outcome": "\(label)"])
        }
        var reply: JSONObject = ["status": .string(label)]
        if let jobId = outcome.jobId { reply["job"] = .number(Double(jobId)) }
        return Response.json(.accepted, .object(reply))
    }

    /// A signed `BitstringStatusListCredential` as the store last published it, with an ETag
    /// (304 for a matching `If-None-Match`) and a short public cache lifetime: verifiers may
    /// cache, and a revocation is visible within that time plus the publish interval.
    func statusList(_ request: Request, list: String, cacheSeconds: Int) async throws -> Response {
        let published: PublishedStatusList?
        do {
            let store = self.store
            published = try await storeBreaker.call { try await store.publishedStatusList(slug: list) }
        } catch {
            logger.error("status list not read", metadata: ["list": "\(list)", "error": "\(error)"])
            return Response.storeUnavailable(error, message: "status list store unavailable, retry later")
        }
        guard let published else { return Response.json(.notFound, ["error": .string("no status list named '\(list)'")]) }
        var headers: HTTPFields = [
            .eTag: published.etag, .cacheControl: "public, max-age=\(cacheSeconds)", .accessControlAllowOrigin: "*",
        ]
        if let match = Self.header(request, "If-None-Match"),
            match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == published.etag || $0 == "*" })
        {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: published.credential)))
    }

    static func header(_ request: Request, _ name: String) -> String? {
        let lowered = name.lowercased()
        return request.headers.first { $0.name.canonicalName == lowered }?.value
    }

    static func label(_ outcome: EventOutcome) -> String {
        switch outcome {
        case .enqueued: "accepted"
        case .reopened: "reopened"
        case .coalesced: "coalesced"
        case .alreadyDelivered: "already_delivered"
        case .reconciling: "reconciling"
        case .duplicateEvent: "duplicate"
        case .ignored: "ignored"
        }
    }
}


extension Response {
    static func json(_ status: HTTPResponse.Status, _ body: JSONValue) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body.compactString)))
    }
}
