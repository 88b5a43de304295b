import Credentials

/// Why an OpenID4VCI key proof was refused. Each case names the JWT member at fault and says
/// what the wallet should do; none carries key material (a private JWK's members are named, never
/// shown).
///
/// Every case is a fault of the proof itself, answered as `invalid_proof` (OID4VCI 1.0 §8.3.1.2).
/// Whether `nonce` is the issuer's current `c_nonce` is checked by the caller, which answers
/// `invalid_nonce`. ``description`` echoes values from the proof (a `kid`, an `alg`): escape it
/// before putting it in an `error_description`, which allows no `"` or `\`.
public enum KeyProofError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not a compact JWS (three base64url parts) with JSON header and payload.
    case malformed(reason: String)
    /// A required header member (`typ`, `alg`) or claim (`aud`, `iat`, `nonce`) is absent.
    case missing(String)
    /// A header member or claim has the wrong kind or value.
    case invalid(String, reason: String)
    /// `alg` is `none`, not one the issuer accepts, unknown, or does not fit the key.
    case algorithmNotAccepted(alg: String, reason: String)
    /// The header names its key by none, or by more than one, of `kid`, `jwk`, `x5c` (the members found).
    case keyReference(found: [String])
    /// The header names its key by `x5c`, which this issuer does not accept.
    case x5cNotAllowed
    /// The `jwk` header holds private key members (their names).
    case privateKeyInHeader(members: [String])
    /// The `kid` could not be resolved to a verification method.
    case unresolvableKey(kid: String, DIDError)
    /// The signature does not verify with the key the header names.
    case invalidSignature(keyID: String)
    /// `aud` does not name the credential issuer.
    case wrongAudience(expected: String, found: [String])
    /// A time claim rules the proof out now: `iat` too old or in the future, `exp` passed.
    case time(field: String, value: String, reason: String)

    /// The OAuth error code for the credential error response: `invalid_proof` for every case.
    public var errorCode: String {
        switch self {
        case .malformed, .missing, .invalid, .algorithmNotAccepted, .keyReference, .x5cNotAllowed, .privateKeyInHeader,
            .unresolvableKey, .invalidSignature, .wrongAudience, .time:
            // A stale or unknown nonce value is the caller's `invalid_nonce`; a missing one is a bad proof.
            "invalid_proof"
        }
    }

    /// A sentence a wallet developer can act on.
    public var description: String {
        switch self {
        case .malformed(let reason):
            "the key proof is not a compact JWT (\(reason)); send it as base64url header.payload.signature"
        case .missing(let name):
            "the key proof has no '\(name)': \(Self.hint(name))"
        case .invalid(let name, let reason):
            "the key proof's '\(name)' is invalid: \(reason)"
        case .algorithmNotAccepted(let alg, let reason):
            "the key proof's 'alg' '\(alg)' is not accepted: \(reason)"
        case .keyReference(let found) where found.isEmpty:
            "the key proof's header names no key: put exactly one of 'kid' (a DID URL), 'jwk' (a public JWK) or 'x5c'"
        case .keyReference(let found):
            "the key proof's header names its key by \(found.map { "'\($0)'" }.joined(separator: " and ")): keep exactly one of 'kid', 'jwk' or 'x5c'"
        case .x5cNotAllowed:
            "the key proof's 'x5c' is not accepted by this issuer: name the key by 'kid' (a DID URL) or 'jwk' instead"
        case .privateKeyInHeader(let members):
            "the key proof's 'jwk' holds private key members (\(members.joined(separator: ", "))): send only the public key, and treat this key as disclosed"
        case .unresolvableKey(let kid, let error):
            "the key proof's 'kid' '\(kid)' cannot be resolved (\(error)): name a verification method of the holder's DID"
        case .invalidSignature(let keyID):
            "the key proof's signature does not verify with '\(keyID)': sign with the private key of the key the header names, and change nothing after signing"
        case .wrongAudience(let expected, let found):
            "the key proof's 'aud' \(found.isEmpty ? "is empty" : "names \(found.map { "'\($0)'" }.joined(separator: ", "))"), not '\(expected)': set it to the credential issuer identifier"
        case .time(let field, let value, let reason):
            "the key proof's '\(field)' \(value) \(reason)"
        }
    }

    /// What to do about a missing member.
    private static func hint(_ name: String) -> String {
        switch name {
        case "typ": "set the header 'typ' to '\(KeyProof.type)'"
        case "alg": "sign the proof and name the algorithm in the header 'alg'"
        case "aud": "set 'aud' to the credential issuer identifier"
        case "iat": "set 'iat' to the time of signing, in seconds since 1970"
        case "nonce": "fetch a 'c_nonce' from the nonce endpoint and send it as 'nonce'"
        default: "add it"
        }
    }
}

extension KeyProofError {
    /// The same fault from the module's shared JOSE checks, reworded for a key proof.
    init(_ error: CredentialJWTError) {
        switch error {
        case .malformed(let reason): self = .malformed(reason: reason)
        case .missing(let name): self = .missing(name)
        case .invalid(let name, let reason): self = .invalid(name, reason: reason)
        case .algorithmMismatch(let alg, let keyType, let reason):
            self = .algorithmNotAccepted(alg: alg, reason: keyType.map { "the key is \($0.name), \(reason)" } ?? reason)
        case .unresolvableKey(let kid, let error): self = .unresolvableKey(kid: kid, error)
        case .invalidSignature(let kid): self = .invalidSignature(keyID: kid)
        case .time(let field, let value, let reason): self = .time(field: field, value: value, reason: reason)
        case .wrongAudience(let expected, let found): self = .wrongAudience(expected: expected, found: found)
        // Not raised by the checks a key proof uses; kept as what they say rather than dropped.
        case .issuerMismatch, .notAuthorized, .unsupportedCredential, .signing:
            self = .invalid("signature", reason: error.description)
        }
    }
}
