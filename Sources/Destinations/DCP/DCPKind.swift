import Destination
import Foundation
import JSONCanonical
import Mapping
import Pipeline

extension ProfileTarget {
    /// Holders reached through the Eclipse Decentralized Claims Protocol (docs/DCP.md).
    public static let dcp = ProfileTarget(rawValue: "dcp")
}

extension DestinationKind {
    /// DCP holders: each VC is written to the holder DID's `CredentialService` (the storage API),
    /// unrequested or answering the holder's `CredentialRequestMessage` to the gateway's issuer
    /// service; configured by `destinations.dcp`.
    public static let dcp = DestinationKind(
        name: "dcp", targets: [.dcp], form: DCPCredentialForm(),
        summary: "DCP holders: the storage API of the holder DID's CredentialService, pushed or requested",
        settingKeys: ["format", "request_ttl", "token_lifetime", "credential_schema", "issuer_service"],
        readSettings: DCPSettings.read)
}

/// How a VC travels in a `CredentialMessage`'s `payload` (always a string, as the schema says).
public enum DCPPayloadFormat: String, Sendable, CaseIterable {
    /// A compact VC-JWT (DCP's `vc20-bssl/jwt` and `vc11-sl2021/jwt` profiles).
    case jwt
    /// The VC's JSON as a string, named `ldp` (what the TSG holder takes).
    case ldp
    /// The same, named `json-ld` as in the specification's example.
    case jsonLD = "json-ld"
}

/// The `destinations.dcp` section.
public struct DCPSettings: DestinationSettings {
    /// The payload format.
    public var format: DCPPayloadFormat = .jwt
    /// How long a holder's request waits for its certificate before it is answered `REJECTED`.
    public var requestTTL: Duration = .seconds(30 * 86_400)
    /// How long the gateway's self-issued ID tokens are valid.
    public var tokenLifetime: Duration = .seconds(300)
    /// The `credentialSchema` URL the issuer metadata names; default each profile's own context.
    public var credentialSchema: String?
    /// Whether the issuer service (metadata, requests) is served; it needs `public_url`.
    public var issuerService = true

    /// Creates settings with the defaults.
    public init() {}

    /// `dcp`.
    public var kind: DestinationKind { .dcp }

    /// The format, and whether the issuer service is on.
    public var label: String { "DCP holders, format \(format.rawValue)" + (issuerService ? ", issuer service at /dcp" : "") }

    /// The holder client, with the issuer service when configured.
    public func makeDestination(context: DestinationContext) -> any Destination {
        DCPHolderClient(settings: self, context: context)
    }

    @Sendable static func read(_ reader: any DestinationSettingsReader) -> (any DestinationSettings)? {
        var settings = DCPSettings()
        if let text = reader.optionalString("format") {
            if let format = DCPPayloadFormat(rawValue: text) {
                settings.format = format
            } else {
                reader.problem("format", "must be one of \(DCPPayloadFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if let ttl = reader.duration("request_ttl") { settings.requestTTL = ttl }
        if let lifetime = reader.duration("token_lifetime") {
            if lifetime < .seconds(10) || lifetime > .seconds(3600) {
                reader.problem("token_lifetime", "must be between 10s and 1h (a self-issued ID token is short-lived)")
            } else {
                settings.tokenLifetime = lifetime
            }
        }
        settings.credentialSchema = reader.optionalString("credential_schema")
        if let text = reader.optionalString("issuer_service") {
            switch text {
            case "true", "on", "yes": settings.issuerService = true
            case "false", "off", "no": settings.issuerService = false
            default: reader.problem("issuer_service", "must be true or false")
            }
        }
        return settings
    }
}

/// The form of DCP credentials: a plain W3C VC whose subject is the holder's DID, since the
/// holder is found through that DID's `CredentialService`.
public struct DCPCredentialForm: CredentialForm {
    /// Creates the form.
    public init() {}

    /// The VC as signed.
    public func shape(signed vc: consuming JSONValue) -> JSONValue { vc }

    /// `credentialSubject.id` must be a DID.
    public func issues(in credential: CredentialMembers, signed: Bool) -> [ValidationIssue] {
        let subjectID = credential.subject?["id"]?.stringValue
        guard let subjectID, subjectID.hasPrefix("did:") else {
            return [
                ValidationIssue(
                    field: "credentialSubject.id",
                    message: "must be the holder's DID: a DCP holder is found through its DID document's CredentialService",
                    ruleSet: "dcp")
            ]
        }
        return []
    }
}
