import AsyncHTTPClient
import Certifier
import DIDResolution
import Destination
import Foundation
import JSONCanonical
import Lifecycle
import LinkedData
import Logging
import Mapping
import Outbox
import Pipeline

/// The composition root: every part of the gateway built once from the configuration — the
/// outbox store, the Certifier source, the destinations and their routing, one cryptosuite
/// registry, the pipeline and the worker. `serve`, `convert --deliver` and the demo all take
/// their parts from here, so they sign and deliver alike by construction.
public struct GatewayParts: Sendable {
    /// The configuration the parts were built from.
    public let configuration: GatewayConfiguration
    /// The profiles, destinations, routing and pipeline.
    public let conversion: ConversionParts
    /// The outbox.
    public let store: any OutboxStore
    /// Bounds the store calls made for requests (webhooks, `/readyz`, status lists, `/metrics` and
    /// the holder-facing doors) and answers them at once while the store is known to fail
    /// (`store.request_timeout`, `store.probe_interval`). One breaker: it is one store.
    public let storeBreaker: StoreBreaker
    /// Where the worker reads credentials.
    public let source: CertifierClient
    /// Status list indexes, reserved from the store in blocks; `nil` when no profile has `status:`.
    public let statusIndexes: StatusIndexPool?
    /// Signs the status lists; `nil` when no profile has `status:` and no `public_url` is set.
    public let statusListSigner: StatusListSigner?
    /// Wakes the worker from a destination's door; `serve` connects it to its worker.
    public let workerWake = WorkerWakeRelay()
    /// Secures the VCs of destinations that take VC-JWTs, with the issuer's key.
    public let enveloper: VCJWTEnveloper
    /// The one DID resolver (did:web over the guarded HTTPS client, with its cache), for holder
    /// services and issuer documents; built here so every user shares its cache.
    public let didResolver: NetworkDIDResolver

    /// Builds the parts. `contexts` adds the operator's JSON-LD contexts (`convert --contexts`);
    /// `clock` is the pipeline's (tests fix it).
    public init(
        configuration: GatewayConfiguration, contexts: ContextStore = .bundled, http: HTTPClient = .shared,
        logger: Logger = Logger(label: "certbridge"), clock: @escaping @Sendable () -> Date = { Date() }
    ) throws(CompositionError) {
        self.configuration = configuration
        do {
            let client = try GuardedHTTPClient(settings: configuration.didResolution, logger: logger)
            didResolver = NetworkDIDResolver(client: client, logger: logger)
        } catch {
            throw .didResolution(error.description)
        }
        // The store opens before the destinations: their holder-facing doors keep requests in it.
        do {
            store = try configuration.store.open(
                connections: configuration.worker.concurrency + 2, connectTimeout: configuration.storeOutage.connectTimeout,
                logger: logger)
        } catch {
            throw .store(error.description)
        }
        storeBreaker = StoreBreaker(
            requestTimeout: configuration.storeOutage.requestTimeout, probeInterval: configuration.storeOutage.probeInterval)
        conversion = try ConversionParts(
            configuration: configuration, contexts: contexts, http: http,
            records: BreakerGuardedRecords(store, breaker: storeBreaker), didResolver: didResolver, wake: workerWake,
            clock: clock)
        // Said once per start, where the operator reads the log; the key itself is never logged.
        if let warning = conversion.setup.keyFileWarning { logger.warning("\(warning)") }
        source = CertifierClient(
            http: http, baseURL: configuration.certifier.baseURL, token: configuration.certifier.apiToken,
            version: configuration.certifier.version)
        let statusProfiles = conversion.setup.profiles.profiles.filter { $0.status != nil }.map(\.name)
        let lifecycle = configuration.lifecycle
        if let base = configuration.publicBaseURL {
            let setup = conversion.setup
            statusListSigner = StatusListSigner(
                key: setup.key, verificationMethod: setup.verificationMethod, registries: setup.registries,
                baseURL: Self.statusBase(base), cacheSeconds: lifecycle.cacheSeconds)
        } else {
            // ConversionParts refused status profiles without public_url already.
            statusListSigner = nil
        }
        enveloper = VCJWTEnveloper(key: conversion.setup.key, verificationMethod: conversion.setup.verificationMethod)
        statusIndexes =
            statusProfiles.isEmpty
            ? nil : StatusIndexPool(store: store, blockSize: lifecycle.blockSize, listEntries: lifecycle.listEntries, clock: clock)
    }

    /// `<public base>/status/`.
    static func statusBase(_ publicURL: String) -> String {
        (publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL) + "/status/"
    }

    /// The profiles, key, issuer, registries and did.json.
    public var setup: SigningSetup { conversion.setup }
    /// The configured destinations.
    public var destinations: [any Destination] { conversion.destinations }
    /// Which destination takes each profile (refusals included).
    public var routing: DestinationRouting { conversion.routing }
    /// The pipeline, with the routes.
    public var pipeline: Pipeline { conversion.pipeline }

    /// The pipeline as the worker's converter: the one reconcile of one credential.
    public var converter: LifecycleConverter {
        var converter = LifecycleConverter(pipeline: pipeline, statusIndexes: statusIndexes, statusBaseURL: statusListSigner?.baseURL)
        converter.enveloper = enveloper
        return converter
    }

    /// The issuer's did.json, with the `service` entries of the holder-facing doors.
    public var didDocument: JSONValue? { conversion.didDocument }

    /// The holder-facing doors (DCP's issuer service).
    public var holderServices: [any HolderService] { conversion.holderServices }

    /// The reconcile against Certifier's list (the backfill and the scheduled reconcile).
    public func reconciler(logger: Logger = Logger(label: "certbridge.reconcile")) -> Reconciler {
        Reconciler(
            store: store, catalog: source, converter: converter,
            maximumChangeShare: configuration.lifecycle.maximumChangeShare, logger: logger)
    }

    /// The publisher of status lists, when lists can be published.
    public func statusPublisher(logger: Logger = Logger(label: "certbridge.status")) -> StatusPublisher? {
        guard let statusListSigner else { return nil }
        let lifecycle = configuration.lifecycle
        return StatusPublisher(
            store: store, signer: statusListSigner,
            rule: StatusPublicationRule(validity: lifecycle.validity, renewBefore: lifecycle.renewBefore),
            interval: lifecycle.publishInterval, logger: logger)
    }

    /// A worker over the outbox, the source, the converter and the destinations' router; `states`
    /// limits it to jobs in those states (`convert --deliver` only sends what it signed).
    public func makeWorker(
        metrics: DeliveryMetrics = .discarding, logger: Logger = Logger(label: "certbridge.delivery"),
        states: Set<JobState>? = nil
    ) -> DeliveryWorker {
        var worker = configuration.worker
        if let states { worker.states = states }
        return DeliveryWorker(
            store: store, source: source, converter: converter, destination: routing.router, configuration: worker,
            metrics: metrics, logger: logger)
    }

    /// What an operator should hear at start: profiles whose proofs are in TSG's non-standard form,
    /// and profiles no configured destination takes (with the position of their `target`).
    public var warnings: [(message: String, metadata: [String: String])] {
        pipeline.tsgFormProfiles.map { ("profile signs in TSG form", ["profile": $0, "why": ProofCompatibility.tsgWarning]) }
            + routing.diagnostics.map { diagnostic in
                ("profile's credentials will be dead letters, not delivered", ["at": "\(diagnostic.location)", "why": diagnostic.message])
            }
    }
}
