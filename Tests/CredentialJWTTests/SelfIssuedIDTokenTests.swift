@testable import CredentialJWT
import Credentials
import Foundation
import JSONCanonical
import Testing

@Suite("Self-issued ID tokens (DCP): iss = sub, aud, jti, iat, exp, kid of iss")
struct SelfIssuedIDTokenTests {
    typealias F = JWTFixtures
    static let holder = "did:web:holder.example.org"

    @Test("make and verify with every key type, the holder's token as an extra claim", arguments: KeyType.allCases)
    func roundTrip(_ type: KeyType) async throws {
        let issuer = try F.Issuer(type)
        let token = try await SelfIssuedIDToken.make(
            issuer: issuer.did, audience: Self.holder, key: issuer.key, keyID: issuer.method, now: F.now,
            extraClaims: ["token": "holder-access-token", "scope": "write"])
        let (header, payload) = try F.parts(token)
        #expect(header["kid"]?.stringValue == issuer.method && header["typ"] == "JWT" && header["alg"]?.stringValue == type.algorithm)
        #expect(payload.objectValue?.keys == ["iss", "sub", "aud", "jti", "iat", "exp", "scope", "token"])
        #expect(payload["exp"]?.numberValue == F.now.timeIntervalSince1970 + 300)
        let claims = try await SelfIssuedIDToken.verify(token, expectedAudience: Self.holder, resolver: try F.resolver([issuer]), now: F.now)
        #expect(claims.issuer == issuer.did && claims.audience == [Self.holder] && claims.keyID == issuer.method)
        #expect(claims.all["token"] == "holder-access-token")
        #expect(UUID(uuidString: claims.tokenID ?? "") != nil)
    }

    @Test("wrong audience, expiry, iat in the future, iss ≠ sub, a foreign kid and tampering fail")
    func refusals() async throws {
        let issuer = try F.Issuer(.ed25519)
        let other = try F.Issuer(.ed25519, name: "other.example")
        let resolver = try F.resolver([issuer, other])
        let token = try await SelfIssuedIDToken.make(issuer: issuer.did, audience: Self.holder, key: issuer.key, keyID: issuer.method, now: F.now)

        await #expect(throws: CredentialJWTError.wrongAudience(expected: "did:web:someone.example", found: [Self.holder])) {
            try await SelfIssuedIDToken.verify(token, expectedAudience: "did:web:someone.example", resolver: resolver, now: F.now)
        }
        do {
            _ = try await SelfIssuedIDToken.verify(token, expectedAudience: Self.holder, resolver: resolver, now: F.now.addingTimeInterval(3600))
            Issue.record("an expired token verified")
        } catch {
            #expect(error.description == "the JWT's 'exp' 2026-01-01T00:05:00Z has passed (now 2026-01-01T01:00:00Z)")
        }
        await #expect(throws: CredentialJWTError.self) {
            try await SelfIssuedIDToken.verify(token, expectedAudience: Self.holder, resolver: resolver, now: F.now.addingTimeInterval(-3600))
        }
        // iss ≠ sub.
        var claims = try F.parts(token).payload.objectValue!
        claims["sub"] = "did:web:someone.example"
        let mismatched = try await F.forge(claims, key: issuer.key, kid: issuer.method)
        await #expect(throws: CredentialJWTError.self) {
            try await SelfIssuedIDToken.verify(mismatched, expectedAudience: Self.holder, resolver: resolver, now: F.now)
        }
        // Signed by another DID's key, naming the first as iss.
        claims = try F.parts(token).payload.objectValue!
        let foreign = try await F.forge(claims, key: other.key, kid: other.method)
        await #expect(throws: CredentialJWTError.issuerMismatch(field: "iss", expected: other.did, found: issuer.did)) {
            try await SelfIssuedIDToken.verify(foreign, expectedAudience: Self.holder, resolver: resolver, now: F.now)
        }
        // Tampered claims.
        claims["aud"] = "did:web:attacker.example"
        await #expect(throws: CredentialJWTError.invalidSignature(kid: issuer.method)) {
            try await SelfIssuedIDToken.verify(
                F.replacingPayload(token, with: .object(claims)), expectedAudience: "did:web:attacker.example", resolver: resolver, now: F.now)
        }
        // make refuses a key of another DID and extra claims that replace its own.
        await #expect(throws: CredentialJWTError.self) {
            try await SelfIssuedIDToken.make(issuer: issuer.did, audience: Self.holder, key: other.key, keyID: other.method)
        }
        await #expect(throws: CredentialJWTError.self) {
            try await SelfIssuedIDToken.make(
                issuer: issuer.did, audience: Self.holder, key: issuer.key, keyID: issuer.method, extraClaims: ["iss": "did:web:x"])
        }
    }
}
