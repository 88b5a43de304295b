import Credentials
import Foundation
import JSONCanonical
import JWTKit

/// The self-issued ID token of DCP (base protocol): a JWT its issuer signs about itself, sent as
/// `Authorization: Bearer …` with each request. `iss` = `sub` = the issuer's DID, `aud` = the
/// receiver's DID, `jti`, `iat`, `exp`; header `kid` (a verification method of the issuer), `typ: JWT`.
public enum SelfIssuedIDToken {
    /// The claims of a verified token.
    public struct Claims: Sendable, Equatable {
        /// `iss` (= `sub`): the DID that made the token.
        public var issuer: String
        /// `aud`: the audiences named.
        public var audience: [String]
        /// `jti`.
        public var tokenID: String?
        /// `iat`.
        public var issuedAt: Date?
        /// `exp`.
        public var expiresAt: Date
        /// The verification method that signed it (`kid`, absolute).
        public var keyID: String
        /// Every claim, in the token's order (the holder's `token` among them, when sent).
        public var all: JSONObject
    }

    /// The claim names ``make(issuer:audience:key:keyID:lifetime:now:extraClaims:)`` sets itself.
    public static let registeredClaims: Set<String> = ["iss", "sub", "aud", "jti", "iat", "exp"]

    /// Signs a token: claims `iss`, `sub`, `aud`, `jti` (a random UUID), `iat`, `exp` (`now` +
    /// `lifetime`), then `extraClaims` sorted by name (e.g. the holder's `token`); header `kid`,
    /// `typ: JWT`. `keyID` must be a verification method of `issuer`.
    public static func make(
        issuer: String, audience: String, key: SigningKey, keyID: String, lifetime: Duration = .seconds(300),
        now: Date = Date(), extraClaims: [String: JSONValue] = [:]
    ) async throws(CredentialJWTError) -> String {
        guard DIDText.did(of: keyID) == issuer else {
            throw .issuerMismatch(field: "iss", expected: DIDText.did(of: keyID), found: issuer)
        }
        guard JWTClaimTime.seconds(lifetime) > 0 else {
            throw .invalid("exp", reason: "the lifetime must be positive")
        }
        var claims = JSONObject()
        claims["iss"] = .string(issuer)
        claims["sub"] = .string(issuer)
        claims["aud"] = .string(audience)
        claims["jti"] = .string(UUID().uuidString.lowercased())
        claims["iat"] = JWTClaimTime.numericDate(now)
        claims["exp"] = JWTClaimTime.numericDate(now.addingTimeInterval(JWTClaimTime.seconds(lifetime)))
        for name in extraClaims.keys.sorted() {
            guard !registeredClaims.contains(name) else {
                throw .invalid(name, reason: "an extra claim cannot replace the token's own '\(name)'")
            }
            claims[name] = extraClaims[name]
        }
        var header = JWTHeader()
        header.kid = keyID
        header.typ = "JWT"
        return try await JOSE.sign(claims, header: header, key: key, kid: keyID)
    }

    /// Verifies a token addressed to `expectedAudience`: `iss` equals `sub`, `aud` names the
    /// audience, `exp` is present and not passed and `iat` not in the future (both with
    /// `leeway`), `kid` is a method of `iss` whose key fits `alg` and verifies the signature.
    public static func verify(
        _ token: String, expectedAudience: String, resolver: some VerificationMethodResolver, now: Date = Date(),
        leeway: Duration = .seconds(60)
    ) async throws(CredentialJWTError) -> Claims {
        let parsed = try JOSE.parse(token)
        try JOSE.checkNoCriticalExtensions(parsed)
        let claims = parsed.payload
        func string(_ name: String) throws(CredentialJWTError) -> String {
            guard let value = claims[name] else { throw .missing(name) }
            guard let text = value.stringValue else { throw .invalid(name, reason: "expected a string, found a \(value.kindName)") }
            return text
        }
        let issuer = try string("iss")
        let subject = try string("sub")
        guard subject == issuer else { throw .invalid("sub", reason: "'\(subject)' differs from 'iss' '\(issuer)' (a self-issued token has iss = sub)") }
        let audience: [String]
        switch claims["aud"] {
        case .string(let one)?: audience = [one]
        case .array(let many)?: audience = many.compactMap(\.stringValue)
        case nil: throw .missing("aud")
        case let other?: throw .invalid("aud", reason: "expected a string or an array of strings, found a \(other.kindName)")
        }
        guard audience.contains(expectedAudience) else { throw .wrongAudience(expected: expectedAudience, found: audience) }
        guard let expiry = try JWTClaimTime.date(claim: "exp", in: claims) else { throw .missing("exp") }
        let issuedAt = try JWTClaimTime.date(claim: "iat", in: claims)
        if let issuedAt, issuedAt.timeIntervalSince(now) > JWTClaimTime.seconds(leeway) {
            throw .time(field: "iat", value: ProofDate.format(issuedAt), reason: "is in the future (now \(ProofDate.format(now)))")
        }
        try JWTClaimTime.check(
            notBefore: try JWTClaimTime.date(claim: "nbf", in: claims), notBeforeField: "nbf", expiry: expiry, expiryField: "exp",
            now: now, leeway: leeway)
        // DCP asks only that kid be a method of iss (no relationship), and holders' DID documents vary.
        let method = try await JWTKeyCheck.verifiedMethod(
            parsed, token: token, issuer: issuer, issuerField: "iss", relationship: nil, resolver: resolver)
        return Claims(
            issuer: issuer, audience: audience, tokenID: claims["jti"]?.stringValue, issuedAt: issuedAt, expiresAt: expiry,
            keyID: method.id, all: claims)
    }
}
