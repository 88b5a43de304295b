import CredentialJWT
import Credentials
import Foundation
import JSONCanonical
import Testing
import TestSupport

/// An implementation certbridge did not write, Python's joserfc (`Testing/Scripts/jose_interop.py`),
/// verifies our JWTs, and ours verifies JWTs joserfc signed. `.ci/run` installs joserfc when missing.
@Suite("joserfc interop: joserfc verifies our VC-JWTs and ID tokens; we verify joserfc's")
struct JoserfcInteropTests {
    typealias F = JWTFixtures

    struct PythonFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs the interop script with one request.
    static func python(_ request: JSONValue) async throws -> JSONValue {
        let script = SharedVectors.repositoryFile("Testing/Scripts/jose_interop.py").path
        let run = try await BuiltExecutable.run(
            executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3", script], stdin: Data(request.compactString.utf8))
        guard run.status == 0 else { throw PythonFailure(description: "jose_interop.py exited \(run.status): \(run.stderr)") }
        return try JSONValue(parsing: run.stdout)
    }

    @Test("joserfc verifies our VC-JWTs", arguments: KeyType.allCases, CredentialJWTForm.allCases)
    func joserfcVerifiesOurVCJWT(_ type: KeyType, form: CredentialJWTForm) async throws {
        let issuer = try F.Issuer(type)
        let credential = F.credential(form, issuer: issuer.did)
        let token = try await CredentialJWT.sign(credential, key: issuer.key, verificationMethod: issuer.method, now: F.now)
        let answer = try await Self.python(["op": "verify", "token": .string(token), "jwk": issuer.key.publicKey.jwk.json, "alg": .string(type.algorithm)])
        #expect(answer["header"]?["kid"]?.stringValue == issuer.method)
        #expect(answer["header"]?["typ"]?.stringValue == form.type)
        if form == .vc11 {
            #expect(answer["claims"]?["iss"]?.stringValue == issuer.did)
            #expect(answer["claims"]?["vc"]?["credentialSubject"]?["name"] == "Zoë")
        } else {
            #expect(answer["claims"]?["credentialSubject"]?["name"] == "Zoë")
        }
        // And it rejects a tampered one.
        var payload = try F.parts(token).payload
        payload["iat"] = 1
        await #expect(throws: PythonFailure.self) {
            try await Self.python(["op": "verify", "token": .string(F.replacingPayload(token, with: payload)), "jwk": issuer.key.publicKey.jwk.json, "alg": .string(type.algorithm)])
        }
    }

    @Test("joserfc verifies our self-issued ID token", arguments: KeyType.allCases)
    func joserfcVerifiesOurIDToken(_ type: KeyType) async throws {
        let issuer = try F.Issuer(type)
        let token = try await SelfIssuedIDToken.make(
            issuer: issuer.did, audience: "did:web:holder.example.org", key: issuer.key, keyID: issuer.method, now: F.now,
            extraClaims: ["token": "abc"])
        let answer = try await Self.python(["op": "verify", "token": .string(token), "jwk": issuer.key.publicKey.jwk.json, "alg": .string(type.algorithm)])
        #expect(answer["claims"]?["iss"]?.stringValue == issuer.did && answer["claims"]?["sub"]?.stringValue == issuer.did)
        #expect(answer["claims"]?["aud"] == "did:web:holder.example.org" && answer["claims"]?["token"] == "abc")
    }

    @Test("we verify a VC 2.0 JWT and an ID token joserfc signed", arguments: ["PS256", "RS256", "EdDSA", "ES384"])
    func weVerifyJoserfc(alg: String) async throws {
        let did = "did:web:joserfc.example.org"
        let credential = F.credentialV2(issuer: did)
        let signed = try await Self.python([
            "op": "sign", "alg": .string(alg), "kid": .string(did + "#key-1"), "claims": credential,
            "header": ["typ": "vc+jwt", "cty": "vc"],
        ])
        let jwk = try JWK(json: try #require(signed["jwk"]))
        let document = try DIDWeb(parsing: did).document(for: try PublicKey(jwk: jwk))
        let resolver = try DIDResolver(documents: [document])
        let result = try await CredentialJWT.verify(try #require(signed["token"]?.stringValue), resolver: resolver, now: F.now)
        #expect(result.form == .vc20 && result.credential == credential && result.algorithm.rawValue == alg)

        let now = Int(F.now.timeIntervalSince1970)
        let idToken = try await Self.python([
            "op": "sign", "alg": .string(alg), "kid": .string(did + "#key-1"),
            "claims": ["iss": .string(did), "sub": .string(did), "aud": "did:web:certbridge.example.org", "jti": "j-1",
                "iat": .number(Double(now)), "exp": .number(Double(now + 300))],
        ])
        // The same key: joserfc made a fresh one, so publish that one.
        let idJWK = try JWK(json: try #require(idToken["jwk"]))
        let idResolver = try DIDResolver(documents: [try DIDWeb(parsing: did).document(for: try PublicKey(jwk: idJWK))])
        let claims = try await SelfIssuedIDToken.verify(
            try #require(idToken["token"]?.stringValue), expectedAudience: "did:web:certbridge.example.org", resolver: idResolver, now: F.now)
        #expect(claims.issuer == did && claims.tokenID == "j-1")
        // A token for another audience is refused.
        await #expect(throws: CredentialJWTError.self) {
            try await SelfIssuedIDToken.verify(
                try #require(idToken["token"]?.stringValue), expectedAudience: "did:web:else.example", resolver: idResolver, now: F.now)
        }
    }
}
