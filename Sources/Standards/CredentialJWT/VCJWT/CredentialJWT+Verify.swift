import Credentials
import Foundation
import JSONCanonical

/// A VC-JWT that verified: the credential, its form and who signed it.
public struct VerifiedCredentialJWT: Sendable, Equatable {
    /// The credential: VC 2.0 the payload itself; VC 1.1 the `vc` claim with the members the
    /// registered claims stand for filled in when `vc` lacks them (VC 1.1 §6.3.1 decoding).
    public var credential: JSONValue
    /// Which JWT form it was.
    public var form: CredentialJWTForm
    /// The issuer, which is the signing key's controller.
    public var issuer: String
    /// The verification method (`kid`, made absolute).
    public var verificationMethod: String
    /// The header `alg`.
    public var algorithm: JOSEAlgorithm
}

extension CredentialJWT {
    /// Verifies a compact VC-JWT (either form): `kid` resolved through `resolver`, `alg` never
    /// `none` and fitting the key, the signature checked by jwt-kit, the key's controller equal
    /// to the issuer (VC 1.1: `iss`, which must also equal `vc.issuer` when present), and
    /// `nbf`/`exp` (VC 2.0: `validFrom`/`validUntil`) against `now` with `leeway`.
    public static func verify(
        _ token: String, resolver: some VerificationMethodResolver, now: Date = Date(), leeway: Duration = .seconds(60)
    ) async throws(CredentialJWTError) -> VerifiedCredentialJWT {
        let parsed = try JOSE.parse(token)
        try JOSE.checkNoCriticalExtensions(parsed)
        let form = try form(of: parsed)
        let credential: JSONObject
        let issuer: String
        switch form {
        case .vc11:
            guard case .object(let vc) = parsed.payload["vc"] else { throw .invalid("vc", reason: "expected a JSON object") }
            guard let iss = parsed.payload["iss"] else { throw .missing("iss") }
            guard let text = iss.stringValue else { throw .invalid("iss", reason: "expected a string") }
            if let stated = DIDText.issuer(of: vc), stated != text {
                throw .invalid("iss", reason: "'\(text)' is not the credential's issuer '\(stated)'")
            }
            credential = vc
            issuer = text
        case .vc20:
            credential = parsed.payload
            guard let stated = DIDText.issuer(of: credential) else { throw .missing("issuer") }
            issuer = stated
        }
        guard try CredentialJWTForm.of(.object(credential)) == form else {
            throw .invalid("@context", reason: "a \(form) JWT must carry a credential whose first @context is its base context")
        }
        // VC-JOSE-COSE and VC 1.1 proofs alike: the issuer's key must be one it lists for assertions.
        let method = try await JWTKeyCheck.verifiedMethod(
            parsed, token: token, issuer: issuer, issuerField: form == .vc11 ? "iss" : "issuer", relationship: "assertionMethod",
            resolver: resolver)
        switch form {
        case .vc11:
            try JWTClaimTime.check(
                notBefore: try JWTClaimTime.date(claim: "nbf", in: parsed.payload), notBeforeField: "nbf",
                expiry: try JWTClaimTime.date(claim: "exp", in: parsed.payload), expiryField: "exp", now: now, leeway: leeway)
        case .vc20:
            try JWTClaimTime.check(
                notBefore: try JWTClaimTime.date(member: "validFrom", in: credential), notBeforeField: "validFrom",
                expiry: try JWTClaimTime.date(member: "validUntil", in: credential), expiryField: "validUntil", now: now, leeway: leeway)
        }
        let result = form == .vc11 ? restoringRegisteredClaims(credential, from: parsed.payload) : credential
        return VerifiedCredentialJWT(
            credential: .object(result), form: form, issuer: issuer, verificationMethod: method.id, algorithm: method.algorithm)
    }

    /// The form: a `vc` claim is VC 1.1, a payload with `@context` VC 2.0; `typ` must not contradict.
    static func form(of parsed: JOSE.Parsed) throws(CredentialJWTError) -> CredentialJWTForm {
        let typ = try parsed.headerString("typ")
        let form: CredentialJWTForm
        if parsed.payload["vc"] != nil {
            form = .vc11
        } else if parsed.payload["@context"] != nil {
            form = .vc20
        } else {
            throw .unsupportedCredential(reason: "the JWT carries no credential (no 'vc' claim, no '@context' in the payload)")
        }
        if let typ, typ == CredentialJWTForm.vc20.type || typ.hasPrefix("application/vc"), form == .vc11 {
            throw .invalid("typ", reason: "'\(typ)' announces a VC 2.0 payload, but the payload has a 'vc' claim")
        }
        return form
    }

    /// VC 1.1 §6.3.1 decoding: members the registered claims stand for, added when `vc` lacks them.
    static func restoringRegisteredClaims(_ vc: JSONObject, from claims: JSONObject) -> JSONObject {
        var credential = vc
        if credential["id"] == nil, let jti = claims["jti"] { credential["id"] = jti }
        if credential["issuer"] == nil, let iss = claims["iss"] { credential["issuer"] = iss }
        if credential["issuanceDate"] == nil, let nbf = claims["nbf"]?.numberValue {
            credential["issuanceDate"] = .string(ProofDate.format(Date(timeIntervalSince1970: nbf)))
        }
        if credential["expirationDate"] == nil, let exp = claims["exp"]?.numberValue {
            credential["expirationDate"] = .string(ProofDate.format(Date(timeIntervalSince1970: exp)))
        }
        if let sub = claims["sub"], case .object(var subject) = credential["credentialSubject"], subject["id"] == nil {
            subject["id"] = sub
            credential["credentialSubject"] = .object(subject)
        }
        return credential
    }
}
