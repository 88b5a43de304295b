import AsyncHTTPClient
import Certifier
import Destination
import Foundation
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
    /// The profiles, key, issuer, registries and did.json.
    public let setup: SigningSetup
    /// The configured destinations.
    public let destinations: [any Destination]
    /// Which destination takes each profile (refusals included), decided here.
    public let routing: DestinationRouting
    /// The pipeline, with the routes.
    public let pipeline: Pipeline
    /// The outbox.
    public let store: any OutboxStore
    /// Where the worker reads credentials.
    public let source: CertifierClient

    /// Builds the parts. `contexts` adds the operator's JSON-LD contexts (`convert --contexts`);
    /// `clock` is the pipeline's (tests fix it).
    public init(
        configuration: GatewayConfiguration, contexts: ContextStore = .bundled, http: HTTPClient = .shared,
        logger: Logger = Logger(label: "certbridge"), clock: @escaping @Sendable () -> Date = { Date() }
    ) throws(CompositionError) {
        self.configuration = configuration
        let setup = try SigningSetup(configuration: configuration, contexts: contexts)
        self.setup = setup
        let destinations = Self.destinations(configuration, http: http)
        self.destinations = destinations
        let routing = DestinationRouting(profiles: setup.profiles, kinds: DestinationCatalog.kinds, destinations: destinations)
        self.routing = routing
        pipeline = try setup.pipeline(configuration.signing, routes: routing.routes, clock: clock)
        do {
            store = try configuration.store.open(connections: configuration.worker.concurrency + 2, logger: logger)
        } catch {
            throw .store(error.description)
        }
        source = CertifierClient(
            http: http, baseURL: configuration.certifier.baseURL, token: configuration.certifier.apiToken,
            version: configuration.certifier.version)
    }

    /// The configured destinations, each built by its kind's settings. Building one makes no request.
    public static func destinations(_ configuration: GatewayConfiguration, http: HTTPClient = .shared) -> [any Destination] {
        configuration.destinations.map { $0.makeDestination(http: http) }
    }

    /// The pipeline as the worker's converter.
    public var converter: PipelineConverter { PipelineConverter(pipeline: pipeline) }

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
