import JSONCanonical
import Mapping

/// What became of one Certifier credential.
public enum PipelineOutcome: Sendable {
    /// A signed (or, without a signer, unsigned) and validated VC.
    case converted(ConvertedCredential)
    /// No profile applies: a visible outcome, never a silent drop.
    case noProfileMatched(sourceId: String, reason: String)
    /// The credential could not be converted; the error names the profile rule or field.
    case failed(sourceId: String, PipelineError)
    /// A profile applies, but no destination takes its credentials (decided when the profiles and
    /// the configuration loaded): nothing was signed.
    case refused(sourceId: String, profile: String, reason: String)
}

/// A converted credential and where it came from.
public struct ConvertedCredential: Sendable {
    /// The VC document.
    public var vc: JSONValue
    /// The VC's `id` (deterministic: the same Certifier credential always gets the same id).
    public var vcId: String?
    /// The profile that produced it.
    public var profile: String
    /// The Certifier credential id.
    public var sourceId: String
    /// Whether `vc` is validated but unsigned and still to be secured as a VC-JWT (by the
    /// worker's converter, whose ``CredentialEnveloper`` is asynchronous, as JOSE signing is).
    public var needsEnvelope: Bool

    /// Creates a value.
    public init(vc: JSONValue, vcId: String?, profile: String, sourceId: String, needsEnvelope: Bool = false) {
        self.vc = vc
        self.vcId = vcId
        self.profile = profile
        self.sourceId = sourceId
        self.needsEnvelope = needsEnvelope
    }
}

/// Why a credential failed in the pipeline.
public enum PipelineError: Error, Sendable, CustomStringConvertible {
    /// The input is not a credential object.
    case notACredential(String)
    /// Mapping or validation failed (names the profile rule and field).
    case mapping(MappingError)
    /// The signer refused (unsupported key for the suite, say); never includes key material.
    case signing(profile: String, reason: String)
    /// The profile's credentials carry status list entries, whose indexes only the outbox store assigns.
    case statusNeedsStore(profile: String, list: String)

    /// One line an operator can act on.
    public var description: String {
        switch self {
        case .notACredential(let reason): reason
        case .mapping(let error): error.description
        case .signing(let profile, let reason): "profile '\(profile)': signing failed: \(reason)"
        case .statusNeedsStore(let profile, let list):
            "profile '\(profile)' has status: (list '\(list)'): its credentials need status list indexes, which only "
                + "the gateway's store assigns; issue them through `certbridge serve` (webhooks, `certbridge backfill`), "
                + "or convert with a profile without status:"
        }
    }
}
