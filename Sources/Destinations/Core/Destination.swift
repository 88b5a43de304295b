import JSONCanonical
import Mapping
import Outbox
import Pipeline

/// A place signed credentials go: the TSG wallet's import, a file sink, and next a DCP holder's
/// Credential Service (a push) or an OpenID4VCI offer the holder redeems later (a pull).
///
/// One folder per kind under `Sources/Destinations/`; the composition root registers each kind
/// once (``DestinationKinds``) and builds the configured destinations. A destination says:
/// - what form the VC takes for it (``DestinationKind/form``: layout and import rules, applied
///   by the pipeline after signing, checked in the one validate stage);
/// - how it delivers (``CredentialDestination/deliver(_:profile:)``);
/// - how its answers map to delivered, retry or dead (the ``DeliveryOutcome`` it returns, which
///   the outbox's retry state machine turns into the job's next state);
/// - which profiles it accepts (``DestinationKind/targets``), decided when profiles and
///   configuration load (``DestinationRouting``), never after signing.
public protocol Destination: CredentialDestination {
    /// The destination's kind.
    var kind: DestinationKind { get }
    /// A short label for logs and `config check` (a URL or a path; never a secret).
    var label: String { get }
    /// How the pipeline secures its VCs: a Data Integrity proof (the default), or a VC-JWT.
    var securing: CredentialSecuring { get }
    /// The HTTP door it opens for holders, if any (DCP's issuer service).
    var holderService: (any HolderService)? { get }
}

extension Destination {
    /// A Data Integrity proof.
    public var securing: CredentialSecuring { .dataIntegrity }
    /// None.
    public var holderService: (any HolderService)? { nil }
}

/// A kind of destination: its name, the profile targets it takes, the form of its VCs, and how
/// its configuration section is read.
public struct DestinationKind: Sendable {
    /// The name in the configuration (`destinations.<name>`) and in `profiles lint`.
    public var name: String
    /// The profile `target` values whose credentials it takes.
    public var targets: Set<ProfileTarget>
    /// What VCs look like for it, and the rules they meet.
    public var form: any CredentialForm
    /// One line for people: what it is.
    public var summary: String
    /// The keys its configuration section may hold.
    public var settingKeys: Set<String>
    /// Reads its configuration section; `nil` when the section has problems (recorded in the reader).
    public var readSettings: @Sendable (any DestinationSettingsReader) -> (any DestinationSettings)?
    /// Whether it takes credentials unsigned and signs them itself when the holder redeems them
    /// (a pull: an OpenID4VCI offer binds the holder's key at redemption); pushes take them signed.
    public var signsAtRedemption: Bool

    /// Creates a kind.
    public init(
        name: String, targets: Set<ProfileTarget>, form: any CredentialForm, summary: String, settingKeys: Set<String>,
        signsAtRedemption: Bool = false,
        readSettings: @escaping @Sendable (any DestinationSettingsReader) -> (any DestinationSettings)?
    ) {
        self.name = name
        self.targets = targets
        self.form = form
        self.summary = summary
        self.settingKeys = settingKeys
        self.readSettings = readSettings
        self.signsAtRedemption = signsAtRedemption
    }
}
