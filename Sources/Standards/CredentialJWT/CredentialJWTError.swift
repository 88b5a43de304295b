import Credentials

/// Why a VC-JWT or self-issued ID token could not be made or was not accepted. Each case
/// names the JWT member at fault; none carries key material.
public enum CredentialJWTError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not a compact JWS (three base64url parts) with JSON header and payload.
    case malformed(reason: String)
    /// A header member or claim is missing.
    case missing(String)
    /// A header member or claim has the wrong kind or value.
    case invalid(String, reason: String)
    /// `alg` is `none`, unknown, or does not fit the key behind `kid`.
    case algorithmMismatch(alg: String, keyType: KeyType?, reason: String)
    /// `kid` could not be resolved to a key.
    case unresolvableKey(kid: String, DIDError)
    /// The signature does not verify with the key behind `kid`.
    case invalidSignature(kid: String)
    /// The key's controller is not the issuer the JWT or credential names.
    case issuerMismatch(field: String, expected: String, found: String)
    /// The key behind `kid` is not listed under the relationship its use needs (`assertionMethod` for credentials).
    case notAuthorized(kid: String, relationship: String)
    /// A time claim rules the JWT out now: `exp` passed, `nbf`/`iat` in the future.
    case time(field: String, value: String, reason: String)
    /// The `aud` claim does not name the expected audience.
    case wrongAudience(expected: String, found: [String])
    /// The credential is not one that a JWT form can carry (not an object, unknown base context, has a proof…).
    case unsupportedCredential(reason: String)
    /// The key could not sign, or jwt-kit refused the operation.
    case signing(reason: String)

    /// A sentence a person can act on.
    public var description: String {
        switch self {
        case .malformed(let reason): "not a compact JWT: \(reason)"
        case .missing(let name): "the JWT has no '\(name)'"
        case .invalid(let name, let reason): "the JWT's '\(name)' is invalid: \(reason)"
        case .algorithmMismatch(let alg, let keyType, let reason):
            "the JWT's 'alg' '\(alg)' is not accepted\(keyType.map { " for the \($0) key behind 'kid'" } ?? ""): \(reason)"
        case .unresolvableKey(let kid, let error): "the JWT's 'kid' '\(kid)' cannot be resolved: \(error)"
        case .invalidSignature(let kid):
            "the JWT's signature does not verify with '\(kid)': the token was changed after signing or signed by another key"
        case .issuerMismatch(let field, let expected, let found):
            "the JWT's '\(field)' is '\(found)', but the signing key belongs to '\(expected)'"
        case .notAuthorized(let kid, let relationship):
            "the JWT's 'kid' '\(kid)' is not listed under '\(relationship)' in its DID document, so it may not sign this"
        case .time(let field, let value, let reason): "the JWT's '\(field)' \(value) \(reason)"
        case .wrongAudience(let expected, let found):
            "the JWT's 'aud' \(found.isEmpty ? "is empty" : "names \(found.joined(separator: ", "))"), not '\(expected)'"
        case .unsupportedCredential(let reason): "this credential cannot be secured as a JWT: \(reason)"
        case .signing(let reason): "signing the JWT failed: \(reason)"
        }
    }
}
