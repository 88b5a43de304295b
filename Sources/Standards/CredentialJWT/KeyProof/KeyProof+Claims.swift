import Credentials
import Foundation
import JSONCanonical

/// The claims of a key proof (OID4VCI 1.0 §F.1): `aud`, `iat`, `nonce`, `iss`, and `exp`/`nbf` when present.
extension KeyProof {
    struct Claims {
        var nonce: String?
        var issuer: String?

        /// Checks the claims against `policy` at `now`.
        init(_ claims: JSONObject, policy: KeyProofPolicy, now: Date) throws(KeyProofError) {
            try Self.checkAudience(claims, expected: policy.audience)
            try Self.checkTimes(claims, policy: policy, now: now)
            nonce = try Self.string("nonce", in: claims, what: "the c_nonce from the nonce endpoint")
            if policy.requireNonce, nonce == nil { throw .missing("nonce") }
            issuer = try Self.string("iss", in: claims, what: "the client id, or no 'iss' at all for anonymous access")
        }

        /// `aud`: a string (as the specification writes it) or an array of strings, naming the issuer.
        private static func checkAudience(_ claims: JSONObject, expected: String) throws(KeyProofError) {
            let audience: [String]
            switch claims["aud"] {
            case nil: throw .missing("aud")
            case .string(let one)?: audience = [one]
            case .array(let many)?:
                audience = many.compactMap(\.stringValue)
                guard audience.count == many.count else { throw .invalid("aud", reason: "expected strings only, the credential issuer identifier") }
            case let other?: throw .invalid("aud", reason: "expected a string, the credential issuer identifier, found a \(other.kindName)")
            }
            guard audience.contains(expected) else { throw .wrongAudience(expected: expected, found: audience) }
        }

        /// `iat` required and recent: a proof is made for the request it comes with, so one older
        /// than `maxAge` is refused, and one from the future beyond `leeway`. `exp` and `nbf` are
        /// optional here but honoured when present.
        private static func checkTimes(_ claims: JSONObject, policy: KeyProofPolicy, now: Date) throws(KeyProofError) {
            guard let issuedAt = try shared({ () throws(CredentialJWTError) in try JWTClaimTime.date(claim: "iat", in: claims) }) else {
                throw .missing("iat")
            }
            if issuedAt.timeIntervalSince(now) > JWTClaimTime.seconds(policy.leeway) {
                throw .time(
                    field: "iat", value: ProofDate.format(issuedAt),
                    reason: "is in the future (now \(ProofDate.format(now))); check the wallet's clock")
            }
            if now.timeIntervalSince(issuedAt) > JWTClaimTime.seconds(policy.maxAge) {
                throw .time(
                    field: "iat", value: ProofDate.format(issuedAt),
                    reason: "is more than \(Int(JWTClaimTime.seconds(policy.maxAge))) s before now (\(ProofDate.format(now))); sign a new proof")
            }
            try shared { () throws(CredentialJWTError) in
                try JWTClaimTime.check(
                    notBefore: try JWTClaimTime.date(claim: "nbf", in: claims), notBeforeField: "nbf",
                    expiry: try JWTClaimTime.date(claim: "exp", in: claims), expiryField: "exp", now: now, leeway: policy.leeway)
            }
        }

        /// An optional string claim; another kind is an error.
        private static func string(_ name: String, in claims: JSONObject, what: String) throws(KeyProofError) -> String? {
            guard let value = claims[name] else { return nil }
            guard let text = value.stringValue else { throw .invalid(name, reason: "expected a string, \(what), found a \(value.kindName)") }
            return text
        }
    }
}
