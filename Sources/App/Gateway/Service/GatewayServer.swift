import Composition
import Outbox
import Foundation
import Hummingbird
import JSONCanonical
import Lifecycle
import Logging
import ServiceLifecycle
import NIOConcurrencyHelpers

/// `certbridge serve`: the webhook server and the delivery worker over one outbox.
public final class GatewayServer: Sendable {
    /// The outbox.
    public var store: any OutboxStore { parts.store }
    /// The delivery worker.
    public let worker: DeliveryWorker
    /// The metrics registry served at `/metrics`.
    public let metrics: GatewayMetrics
    private var configuration: GatewayConfiguration { parts.configuration }
    private let routes: GatewayRouter
    private let logger: Logger
    private let group = NIOLockedValueBox<ServiceGroup?>(nil)
    /// Signs changed status lists, when lists are published.
    private let statusPublisher: StatusPublisher?

    /// The parts it runs (from the composition root).
    public let parts: GatewayParts

    /// A gateway over the composition root's parts: the webhook door records events in their
    /// outbox, their worker delivers. `contexts` defaults to the profiles' contexts on the
    /// issuer's did:web host.
    public init(parts: GatewayParts, contexts: PublishedContexts? = nil, logger: Logger = Logger(label: "certbridge")) {
        self.parts = parts
        let configuration = parts.configuration
        self.logger = logger
        let metrics = GatewayMetrics()
        self.metrics = metrics
        let worker = parts.makeWorker(metrics: metrics.delivery, logger: logger)
        self.worker = worker
        var routes = GatewayRouter(
            store: parts.store, webhookSecret: configuration.certifier.webhookSecret,
            maximumBodyBytes: configuration.maximumWebhookBytes, metrics: metrics, didDocument: parts.didDocument,
            contexts: Self.published(contexts ?? PublishedContexts(configuration: configuration), logger),
            logger: logger, onEnqueued: { worker.wake() })
        routes.holderServices = parts.holderServices
        routes.storeBreaker = parts.storeBreaker
        routes.adminToken = configuration.admin?.token
        routes.limitRate(
            requestsPerMinute: configuration.rateLimit.requestsPerMinute, burst: configuration.rateLimit.burst,
            trustedProxies: configuration.rateLimit.trustedProxies)
        parts.workerWake.connect { worker.wake() }
        statusPublisher = parts.statusPublisher(logger: logger)
        if statusPublisher != nil { routes.statusListCacheSeconds = configuration.lifecycle.cacheSeconds }
        self.routes = routes
    }

    /// Serves until SIGTERM/SIGINT (when `handleSignals`) or ``shutdown()``, then shuts down gracefully: the server
    /// stops accepting, in-flight jobs finish their step, queued jobs stay in the outbox.
    public func run(
        handleSignals: Bool = true,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        // A PostgreSQL outbox connects and migrates here, so a wrong URL or password stops `serve` at once.
        try await store.prepare()
        let app = Application(
            router: routes.makeRouter(),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.listen.host, port: configuration.listen.port),
                serverName: "certbridge"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
        // Services stop in reverse order: the server first (no new webhooks), then the worker.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: WorkerService(worker: worker))]
        if let statusPublisher { services.append(.init(service: StatusPublisherService(publisher: statusPublisher))) }
        if configuration.lifecycle.reconcileInterval > .zero {
            let worker = worker
            services.append(
                .init(
                    service: ReconcileService(
                        reconciler: parts.reconciler(logger: logger), interval: configuration.lifecycle.reconcileInterval,
                        metrics: metrics, logger: logger, wake: { worker.wake() })))
        }
        if !parts.holderServices.isEmpty {
            services.append(.init(service: RecordPurgeService(store: store, interval: .seconds(60), logger: logger)))
        }
        services.append(.init(service: app))
        var groupConfiguration = ServiceGroupConfiguration(
            services: services,
            gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = configuration.shutdownGrace
        let serviceGroup = ServiceGroup(configuration: groupConfiguration)
        group.withLockedValue { $0 = serviceGroup }
        logger.info(
            "certbridge serve starting",
            metadata: ["listen": "\(configuration.listen)", "store": "\(configuration.store)"])
        try await serviceGroup.run()
    }

    /// Logs which contexts are served and which could not be.
    private static func published(_ contexts: PublishedContexts, _ logger: Logger) -> PublishedContexts {
        for path in contexts.documents.keys.sorted() { logger.info("serving JSON-LD context", metadata: ["path": "\(path)"]) }
        for reason in contexts.skipped { logger.warning("JSON-LD context not served", metadata: ["reason": "\(reason)"]) }
        return contexts
    }

    /// Starts a graceful shutdown, as SIGTERM does.
    public func shutdown() async {
        let serviceGroup = group.withLockedValue { $0 }
        await serviceGroup?.triggerGracefulShutdown()
    }
}
