import AsyncHTTPClient
import Destination
import Foundation
import LinkedData
import Pipeline

/// The parts that map, sign and route, built from the configuration without opening the store:
/// what `config check` builds, and the part of ``GatewayParts`` that converts.
public struct ConversionParts: Sendable {
    /// The profiles, key, issuer, registries and did.json.
    public let setup: SigningSetup
    /// The configured destinations.
    public let destinations: [any Destination]
    /// Which destination takes each profile (refusals included), decided here.
    public let routing: DestinationRouting
    /// The pipeline, with the routes.
    public let pipeline: Pipeline

    /// Builds them. `contexts` adds the operator's JSON-LD contexts; `clock` is the pipeline's.
    public init(
        configuration: GatewayConfiguration, contexts: ContextStore = .bundled, http: HTTPClient = .shared,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) throws(CompositionError) {
        setup = try SigningSetup(configuration: configuration, contexts: contexts)
        // Checked here, not when the store opens, so `config check` refuses what `serve` would.
        let statusProfiles = setup.profiles.profiles.filter { $0.status != nil }.map(\.name)
        if configuration.publicBaseURL == nil, !statusProfiles.isEmpty {
            throw .status(
                "profiles \(statusProfiles.joined(separator: ", ")) have status:, but the configuration has no public_url; "
                    + "status lists are served at <public_url>/status/<list>, and credentials cite that URL")
        }
        destinations = Self.destinations(configuration, http: http)
        routing = DestinationRouting(profiles: setup.profiles, kinds: DestinationCatalog.kinds, destinations: destinations)
        pipeline = try setup.pipeline(configuration.signing, routes: routing.routes, clock: clock)
    }

    /// The configured destinations, each built by its kind's settings. Building one makes no request.
    public static func destinations(_ configuration: GatewayConfiguration, http: HTTPClient = .shared) -> [any Destination] {
        configuration.destinations.map { $0.makeDestination(http: http) }
    }
}
