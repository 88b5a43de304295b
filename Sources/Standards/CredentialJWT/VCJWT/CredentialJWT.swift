import Credentials
import Foundation
import JSONCanonical
import JWTKit

/// Verifiable Credentials as JWTs: VC 1.1 (`vc` claim) and VC 2.0 (VC-JOSE-COSE `vc+jwt`),
/// signed and checked with jwt-kit. Keys: Ed25519 (EdDSA), P-256 (ES256), P-384 (ES384), RSA
/// (PS256 signed; PS256 and RS256 verified).
public enum CredentialJWT {
    /// Secures `credential` as a compact JWT in the form its base context calls for.
    ///
    /// VC 1.1: payload `iss`, `sub` (credentialSubject.id, when there is one subject with an
    /// id), `jti` (id), `nbf` (issuanceDate, else validFrom), `exp` (expirationDate, else
    /// validUntil), `iat` (now), `vc`; header `alg`, `kid`, `typ: JWT`. The `vc` claim keeps every
    /// member, those mirrored into registered claims included: VC 1.1 §6.3.1 allows that ("instead
    /// of, or in addition to"), a verifier reading only `vc` then sees the whole credential, and
    /// NumericDates would lose the dates' exact text.
    ///
    /// VC 2.0: the payload is the credential; header `alg`, `kid`, `typ: vc+jwt`, `cty: vc`.
    ///
    /// A `proof` member is dropped: the JWS is the proof. `verificationMethod` becomes `kid` and
    /// must be a method of the issuer's DID.
    public static func sign(
        _ credential: JSONValue, key: SigningKey, verificationMethod: String, now: Date = Date()
    ) async throws(CredentialJWTError) -> String {
        guard case .object(var document) = credential else {
            throw .unsupportedCredential(reason: "it is a JSON \(credential.kindName), not an object")
        }
        let form = try CredentialJWTForm.of(credential)
        document["proof"] = nil
        guard let issuer = DIDText.issuer(of: document) else {
            throw .unsupportedCredential(reason: "it has no 'issuer' (a string, or an object with an 'id')")
        }
        let methodDID = DIDText.did(of: verificationMethod)
        guard methodDID == issuer else {
            throw .issuerMismatch(field: "issuer", expected: methodDID, found: issuer)
        }
        var header = JWTHeader()
        header.kid = verificationMethod
        header.typ = form.type
        switch form {
        case .vc11:
            return try await JOSE.sign(try vc11Claims(document, issuer: issuer, now: now), header: header, key: key, kid: verificationMethod)
        case .vc20:
            header.cty = "vc"
            return try await JOSE.sign(document, header: header, key: key, kid: verificationMethod)
        }
    }

    /// The VC 1.1 claims in a fixed order: iss, sub, jti, nbf, exp, iat, vc.
    static func vc11Claims(_ credential: JSONObject, issuer: String, now: Date) throws(CredentialJWTError) -> JSONObject {
        var claims = JSONObject()
        claims["iss"] = .string(issuer)
        if let subject = credential["credentialSubject"]?.objectValue?["id"]?.stringValue { claims["sub"] = .string(subject) }
        if let id = credential["id"]?.stringValue { claims["jti"] = .string(id) }
        // VC 1.1 names issuanceDate/expirationDate; a 1.1 credential written with the 2.0 names still gets its window.
        var notBefore = try JWTClaimTime.numericDate(member: "issuanceDate", of: credential)
        if notBefore == nil { notBefore = try JWTClaimTime.numericDate(member: "validFrom", of: credential) }
        if let notBefore { claims["nbf"] = notBefore }
        var expiry = try JWTClaimTime.numericDate(member: "expirationDate", of: credential)
        if expiry == nil { expiry = try JWTClaimTime.numericDate(member: "validUntil", of: credential) }
        if let expiry { claims["exp"] = expiry }
        claims["iat"] = JWTClaimTime.numericDate(now)
        claims["vc"] = .object(credential)
        return claims
    }
}
