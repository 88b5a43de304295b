import AsyncHTTPClient
import Destination
import DIDResolution
import Foundation
import JSONCanonical
import Outbox
import LinkedData
import Mail
import OID4VCI
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
    /// `records` (the open outbox) and `wake` serve the destinations' holder-facing doors; without
    /// a store (`config check`) those doors are not opened.
    public init(
        configuration: GatewayConfiguration, contexts: ContextStore = .bundled, http: HTTPClient = .shared,
        records: (any HolderRecordStore)? = nil, didResolver: NetworkDIDResolver? = nil, wake: WorkerWakeRelay = WorkerWakeRelay(),
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
        for case let offers as OID4VCISettings in configuration.destinations {
            let problems = offers.problems(publicBaseURL: configuration.publicBaseURL, mailConfigured: configuration.smtp != nil)
            if !problems.isEmpty { throw .destination(problems.joined(separator: "\n")) }
        }
        let mail: SMTPClient?
        do {
            mail = try configuration.smtp.map { settings throws(SMTPError) in try SMTPClient(settings: settings) }
        } catch {
            throw .destination("smtp: \(error)")
        }
        // Credentials redeemed from OpenID4VCI offers are signed by the same signers and validator
        // as pushed ones; the routes do not matter for that, so this pipeline has none.
        let redemptionSigner = OfferSigner(
            pipeline: try setup.pipeline(configuration.signing, routes: ProfileRoutes(), clock: clock),
            enveloper: VCJWTEnveloper(key: setup.key, verificationMethod: setup.verificationMethod), keyType: setup.key.type)
        let context = DestinationContext(
            http: http, records: records, didResolver: didResolver,
            issuer: IssuerIdentity(did: setup.issuer, verificationMethod: setup.verificationMethod, key: setup.key),
            didResolution: configuration.didResolution, publicBaseURL: configuration.publicBaseURL, profiles: setup.profiles,
            wakeWorker: { wake.wake() }, mail: mail, redemptionSigner: redemptionSigner)
        destinations = configuration.destinations.map { $0.makeDestination(context: context) }
        routing = DestinationRouting(profiles: setup.profiles, kinds: DestinationCatalog.kinds, destinations: destinations)
        pipeline = try setup.pipeline(configuration.signing, routes: routing.routes, clock: clock)
    }

    /// The holder-facing doors the destinations open (DCP's issuer service, OpenID4VCI's issuer).
    public var holderServices: [any HolderService] { destinations.compactMap(\.holderService) }

    /// The issuer's did.json with the `service` entries of the holder-facing doors.
    public var didDocument: JSONValue? {
        guard case .object(var document)? = setup.didDocument else { return setup.didDocument }
        let services = holderServices.flatMap(\.didServices)
        if !services.isEmpty { document["service"] = .array((document["service"]?.arrayValue ?? []) + services) }
        return .object(document)
    }
}
