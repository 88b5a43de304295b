import Credentials
import Foundation
import JSONCanonical

/// OpenID4VCI 1.0 key proofs of the `jwt` proof type (Appendix F.1): the JWT a wallet signs with
/// the key a credential is to be bound to, checked by the credential issuer before issuing.
///
/// Parsing and signature checks are jwt-kit's, through the module's ``JOSE`` helpers, as for
/// VC-JWTs and ID tokens.
public enum KeyProof {
    /// The header `typ` every key proof carries (its media type without `application/`).
    public static let type = "openid4vci-proof+jwt"

    /// What the proof's header names as its key, read without verifying anything, so the caller
    /// can fetch a did:web document (``KeyProofReference/did``) before ``verify(_:policy:resolver:now:)``.
    ///
    /// - Throws: ``KeyProofError/malformed(reason:)``, or ``KeyProofError/keyReference(found:)``
    ///   when the header names no key or more than one, ``KeyProofError/invalid(_:reason:)`` when
    ///   `kid` is not a string.
    public static func keyReference(in jwt: String) throws(KeyProofError) -> KeyProofReference {
        try reference(in: try parse(jwt))
    }

    /// Verifies a key proof addressed to `policy.audience`: `typ`, `alg` (not `none`, accepted by
    /// the policy, fitting the key), exactly one key reference (`kid` resolved through `resolver`,
    /// a public `jwk`, or `x5c` when the policy allows it), no `crit`, the signature, `aud`, `iat`
    /// within `maxAge` and `leeway`, `exp` not passed, and `nonce` present when required.
    ///
    /// The nonce's value is returned, not judged: the caller compares it with its `c_nonce`.
    public static func verify(
        _ jwt: String, policy: KeyProofPolicy, resolver: some VerificationMethodResolver, now: Date = Date()
    ) async throws(KeyProofError) -> VerifiedKeyProof {
        let parsed = try parse(jwt)
        try checkType(parsed)
        try shared { () throws(CredentialJWTError) in try JOSE.checkNoCriticalExtensions(parsed) }
        let alg = try acceptedAlgorithm(parsed, policy: policy)
        let key: BoundKey
        switch try reference(in: parsed) {
        case .kid(let kid): key = try resolvedKey(kid: kid, resolver: resolver)
        case .jwk: key = try headerKey(parsed)
        case .x5c:
            guard policy.allowX5C else { throw .x5cNotAllowed }
            key = try certificateKey(parsed, now: now, leeway: policy.leeway)
        }
        let algorithm = try shared { () throws(CredentialJWTError) in try JOSE.algorithm(of: parsed, for: key.publicKey.type) }
        do {
            try await JOSE.verifySignature(jwt, key: key.publicKey, algorithm: algorithm, kid: key.keyID)
        } catch {
            throw KeyProofError(error)
        }
        let claims = try Claims(parsed.payload, policy: policy, now: now)
        return VerifiedKeyProof(
            holderDID: key.holderDID, keyID: key.keyID, publicKey: key.publicKey, nonce: claims.nonce, algorithm: alg,
            issuer: claims.issuer)
    }

    /// The key a proof names, and what the credential is to be bound to.
    struct BoundKey {
        var holderDID: String?
        var keyID: String
        var publicKey: PublicKey
    }

    static func parse(_ jwt: String) throws(KeyProofError) -> JOSE.Parsed {
        try shared { () throws(CredentialJWTError) in try JOSE.parse(jwt) }
    }

    /// Runs one of the module's shared JOSE checks, its error reworded for a key proof.
    static func shared<T>(_ check: () throws(CredentialJWTError) -> T) throws(KeyProofError) -> T {
        do {
            return try check()
        } catch {
            throw KeyProofError(error)
        }
    }
}
