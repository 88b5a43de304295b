import Crypto
import Foundation
import JWTKit

/// Key proofs of type `jwt` (OpenID4VCI 1.0 §8.2.1.1, Appendix F.1), built with jwt-kit.
extension OID4VCIHolder {
    /// How the proof is signed.
    public enum ProofAlgorithm: Sendable {
        /// `EdDSA` with the holder's key: a valid proof.
        case edDSA
        /// `alg: none` and an empty signature: must be refused.
        case none
        /// `EdDSA`, but signed with another key than the one the header names: a bad signature.
        case edDSAWithForeignKey
    }

    /// How the header names the key.
    public enum ProofKeyReference: Sendable {
        /// `kid`: the holder's did:key verification method (the credential is bound to the DID).
        case kid
        /// `jwk`: the public key itself, no `kid`.
        case jwk
    }

    /// The claims of a key proof.
    struct ProofClaims: JWTPayload {
        var aud: String
        var iat: Int
        var nonce: String?
        var iss: String?

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// A key proof JWT: header `typ: openid4vci-proof+jwt`, `alg`, and `kid` (or `jwk`); claims
    /// `aud`, `iat`, `nonce` (when given) and `iss` (when given; anonymous pre-authorized access
    /// leaves it out).
    ///
    /// - Parameters:
    ///   - audience: the credential issuer identifier; another value makes a proof for another issuer.
    ///   - alg: ``ProofAlgorithm/none`` or ``ProofAlgorithm/edDSAWithForeignKey`` make proofs to be refused.
    ///   - issuedAt: `iat`; an old date makes a stale proof.
    public func proof(
        nonce: String?, audience: String, alg: ProofAlgorithm = .edDSA, keyReference: ProofKeyReference = .kid,
        issuedAt: Date = Date(), issuer: String? = nil, type: String = "openid4vci-proof+jwt"
    ) async throws -> String {
        var header = JWTHeader()
        header.typ = type
        switch keyReference {
        case .kid: header.kid = keyID
        case .jwk: header.jwk = publicJWK.mapValues { .string($0) }
        }
        let claims = ProofClaims(aud: audience, iat: Int(issuedAt.timeIntervalSince1970), nonce: nonce, iss: issuer)
        let keys = JWTKeyCollection()
        switch alg {
        case .edDSA:
            await keys.add(eddsa: EdDSA.PrivateKey(backing: privateKey))
        case .edDSAWithForeignKey:
            await keys.add(eddsa: EdDSA.PrivateKey(backing: Curve25519.Signing.PrivateKey()))
        case .none:
            await keys.addUnsecuredNone()
        }
        // The key is the collection's default; the header's kid only names it for the issuer.
        return try await keys.sign(claims, header: header)
    }
}
