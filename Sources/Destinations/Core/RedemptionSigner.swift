import JSONCanonical
import Mapping

/// Signs the credentials a destination hands out unsigned until the holder redeems them (an
/// OpenID4VCI offer binds the holder's key first): the composition root implements it with the
/// pipeline's signers and the issuer's key, so a redeemed VC is signed like any other.
public protocol RedemptionSigner: Sendable {
    /// The Data Integrity cryptosuite that signs a profile's credentials.
    func cryptosuite(forProfile profile: String) -> String?
    /// The JOSE `alg` of the issuer's key, for VC-JWTs.
    var jwtAlgorithm: String { get }
    /// Signs `credential` of `profile` with a Data Integrity proof, shaped in `form` and validated.
    func signDataIntegrity(_ credential: JSONValue, profile: String, form: any CredentialForm) async throws(RedemptionSigningError) -> JSONValue
    /// Secures `credential` as a VC-JWT (VC 1.1's `vc` claim for a 1.1 credential); returns the compact JWT.
    func signJWT(_ credential: JSONValue, profile: String) async throws(RedemptionSigningError) -> String
}

/// Why a redeemed credential could not be signed: the reason, for the operator's log and the holder.
public struct RedemptionSigningError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var reason: String

    /// An error with `reason`.
    public init(_ reason: String) {
        self.reason = reason
    }

    /// The reason.
    public var description: String { reason }
}
