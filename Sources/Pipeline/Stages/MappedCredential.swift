import Foundation
import JSONCanonical
import Mapping

/// A credential mapped and routed but not yet signed: what ``Pipeline/map(_:revision:)`` hands
/// to the lifecycle, which decides whether to issue it before ``Pipeline/finish(_:status:)`` signs it.
public struct MappedCredential: Sendable {
    /// The unsigned document, without `credentialStatus`.
    public var document: JSONValue
    /// The profile that made it.
    public var profile: CompiledProfile
    /// The Certifier credential id.
    public var sourceId: String
    /// The destination's form.
    let form: any CredentialForm
    /// Whether the pipeline signs now (otherwise the destination signs at redemption).
    let signsNow: Bool
    /// The clock reading the document was made with; the proof's `created` uses the same.
    let now: Date

    /// The digest of the claims (``ClaimsDigest``): what decides whether a credential changed.
    public var claimsDigest: String { ClaimsDigest.of(document) }
}

/// The result of ``Pipeline/map(_:revision:)``.
public enum MapStep: Sendable {
    /// Mapped and routed; ready to be signed.
    case mapped(MappedCredential)
    /// Nothing to sign: no profile matched, mapping failed, or no destination takes the profile.
    case finished(PipelineOutcome)
}
