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
    /// How the pipeline secures it now (or not: the destination signs at redemption).
    let securing: CredentialSecuring
    /// The clock reading the document was made with; the proof's `created` uses the same.
    let now: Date

    /// The digest of the claims (``ClaimsDigest``): what decides whether a credential changed.
    public var claimsDigest: String { ClaimsDigest.of(document) }
}

/// How the pipeline secures a credential, by its route.
public enum CredentialSecuring: Sendable, Equatable {
    /// A Data Integrity proof (or JsonWebSignature2020) from the profile's cryptosuite.
    case dataIntegrity
    /// A VC-JWT signed with the profile's key (``CredentialEnveloper``).
    case envelopedJWT
    /// Not now: the destination signs when the holder redeems it.
    case byDestination
}

/// Secures a credential as a compact VC-JWT; the composition root gives the worker's converter
/// one built on the issuer's key (the Pipeline knows no JOSE library).
public protocol CredentialEnveloper: Sendable {
    /// The compact JWT of `credential` (unsigned, validated, with its status entries).
    func envelope(_ credential: JSONValue) async throws -> String
}

/// The result of ``Pipeline/map(_:revision:)``.
public enum MapStep: Sendable {
    /// Mapped and routed; ready to be signed.
    case mapped(MappedCredential)
    /// Nothing to sign: no profile matched, mapping failed, or no destination takes the profile.
    case finished(PipelineOutcome)
}
