import Credentials
import JWTKit

/// The header checks that come before any key: `typ`, `alg` against the policy, and which one
/// member names the key.
extension KeyProof {
    /// `typ` must be exactly ``KeyProof/type``: explicit typing (RFC 8725 §3.11) is what keeps
    /// another JWT signed by the same key (an ID token, a VC-JWT) from passing as a key proof.
    static func checkType(_ parsed: JOSE.Parsed) throws(KeyProofError) {
        guard let typ = try shared({ () throws(CredentialJWTError) in try parsed.headerString("typ") }) else {
            throw .missing("typ")
        }
        guard typ == type else {
            throw .invalid("typ", reason: "'\(typ)' is not '\(type)'; set the header 'typ' to '\(type)'")
        }
    }

    /// The header `alg`, present, not `none`, and one the policy accepts; whether it fits the key
    /// is checked once the key is known.
    static func acceptedAlgorithm(_ parsed: JOSE.Parsed, policy: KeyProofPolicy) throws(KeyProofError) -> String {
        guard let alg = try shared({ () throws(CredentialJWTError) in try parsed.headerString("alg") }) else {
            throw .missing("alg")
        }
        // Refused before the policy is read, so no policy can let an unsigned proof through.
        guard alg.lowercased() != "none" else {
            throw .algorithmNotAccepted(alg: alg, reason: "an unsigned proof proves nothing; sign it with the key to bind")
        }
        guard policy.allowedAlgorithms.contains(alg) else {
            throw .algorithmNotAccepted(
                alg: alg, reason: "this issuer accepts \(policy.allowedAlgorithms.sorted().joined(separator: ", ")) (proof_signing_alg_values_supported)")
        }
        // Known to certbridge (a policy may list more than it can verify).
        _ = try shared { () throws(CredentialJWTError) in try JOSE.algorithm(of: parsed, for: nil) }
        return alg
    }

    /// The one member naming the key; two would let the proof be checked with one key and the
    /// credential bound to the other.
    static func reference(in parsed: JOSE.Parsed) throws(KeyProofError) -> KeyProofReference {
        let found = KeyProofReference.members.filter { parsed.header.fields[$0] != nil }
        guard found.count == 1 else { throw .keyReference(found: found) }
        switch found[0] {
        case "kid":
            guard let kid = parsed.header.fields["kid"]?.asString else {
                throw .invalid("kid", reason: "expected a string, a DID URL of the key")
            }
            return .kid(kid)
        case "jwk": return .jwk
        default: return .x5c
        }
    }
}
