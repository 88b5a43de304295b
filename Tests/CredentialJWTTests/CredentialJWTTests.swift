@testable import CredentialJWT
import Credentials
import Foundation
import JSONCanonical
import Testing

@Suite("VC-JWT: VC 1.1 (vc claim) and VC 2.0 (vc+jwt) with EdDSA, ES256, ES384, PS256")
struct CredentialJWTTests {
    typealias F = JWTFixtures

    @Test("sign and verify, with the header and claims each form defines", arguments: KeyType.allCases, CredentialJWTForm.allCases)
    func roundTrip(_ type: KeyType, form: CredentialJWTForm) async throws {
        let issuer = try F.Issuer(type)
        let credential = F.credential(form, issuer: issuer.did)
        let token = try await CredentialJWT.sign(credential, key: issuer.key, verificationMethod: issuer.method, now: F.now)
        let (header, payload) = try F.parts(token)
        #expect(header["alg"]?.stringValue == type.algorithm)
        #expect(header["kid"]?.stringValue == issuer.method)
        switch form {
        case .vc11:
            #expect(header["typ"] == "JWT" && header["cty"] == nil)
            #expect(payload.objectValue?.keys == ["iss", "sub", "jti", "nbf", "exp", "iat", "vc"])
            #expect(payload["iss"]?.stringValue == issuer.did)
            #expect(payload["sub"] == "did:web:holder.example.org")
            #expect(payload["jti"] == "https://certbridge.example.org/credentials/1")
            #expect(payload["nbf"]?.numberValue == 1_735_689_600)  // 2025-01-01
            #expect(payload["exp"]?.numberValue == 1_893_456_000)  // 2030-01-01
            #expect(payload["iat"]?.numberValue == F.now.timeIntervalSince1970)
            #expect(payload["vc"] == credential)
        case .vc20:
            #expect(header["typ"] == "vc+jwt" && header["cty"] == "vc")
            #expect(payload == credential)
            // The payload keeps the credential's member order.
            #expect(payload.objectValue?.keys == credential.objectValue?.keys)
        }
        // The header's members come out in one order every time (jwt-kit keeps them in a dictionary).
        let encodedHeader = String(decoding: try Base64URL.decode(String(token.split(separator: ".")[0])), as: UTF8.self)
        let expectedHeader = form == .vc11
            ? #"{"alg":"\#(type.algorithm)","kid":"\#(issuer.method)","typ":"JWT"}"#
            : #"{"alg":"\#(type.algorithm)","cty":"vc","kid":"\#(issuer.method)","typ":"vc+jwt"}"#
        #expect(encodedHeader == expectedHeader)
        let result = try await CredentialJWT.verify(token, resolver: try F.resolver([issuer]), now: F.now)
        #expect(result.form == form)
        #expect(result.credential == credential)
        #expect(result.issuer == issuer.did && result.verificationMethod == issuer.method)
        #expect(result.algorithm == type.signingAlgorithm)
    }

    @Test("a changed payload fails the signature check", arguments: KeyType.allCases, CredentialJWTForm.allCases)
    func tampered(_ type: KeyType, form: CredentialJWTForm) async throws {
        let issuer = try F.Issuer(type)
        let token = try await CredentialJWT.sign(F.credential(form, issuer: issuer.did), key: issuer.key, verificationMethod: issuer.method, now: F.now)
        var payload = try F.parts(token).payload
        if form == .vc11 { payload["vc"]?["credentialSubject"]?["name"] = "Mallory" } else { payload["credentialSubject"]?["name"] = "Mallory" }
        await #expect(throws: CredentialJWTError.invalidSignature(kid: issuer.method)) {
            try await CredentialJWT.verify(F.replacingPayload(token, with: payload), resolver: try F.resolver([issuer]), now: F.now)
        }
    }

    @Test("expired and not-yet-valid credentials fail, naming the claim", arguments: KeyType.allCases, CredentialJWTForm.allCases)
    func validityWindow(_ type: KeyType, form: CredentialJWTForm) async throws {
        let issuer = try F.Issuer(type)
        let token = try await CredentialJWT.sign(F.credential(form, issuer: issuer.did), key: issuer.key, verificationMethod: issuer.method, now: F.now)
        let resolver = try F.resolver([issuer])
        let later = Date(timeIntervalSince1970: 1_900_000_000)
        do {
            _ = try await CredentialJWT.verify(token, resolver: resolver, now: later)
            Issue.record("an expired JWT verified")
        } catch {
            #expect(error.description.contains(form == .vc11 ? "'exp' 2030-01-01T00:00:00Z has passed" : "'validUntil' 2030-01-01T00:00:00Z has passed"))
        }
        do {
            _ = try await CredentialJWT.verify(token, resolver: resolver, now: Date(timeIntervalSince1970: 1_700_000_000))
            Issue.record("a JWT before its nbf verified")
        } catch {
            #expect(error.description.contains(form == .vc11 ? "'nbf' 2025-01-01T00:00:00Z is in the future" : "'validFrom' 2025-01-01T00:00:00Z is in the future"))
        }
        // Within the leeway is fine.
        _ = try await CredentialJWT.verify(token, resolver: resolver, now: Date(timeIntervalSince1970: 1_893_456_030), leeway: .seconds(60))
    }

    @Test("a kid that resolves to nothing, or to another DID's key, fails", arguments: KeyType.allCases)
    func wrongKid(_ type: KeyType) async throws {
        let issuer = try F.Issuer(type)
        let other = try F.Issuer(type, name: "other.example")
        let credential = F.credentialV2(issuer: issuer.did)
        // Unknown fragment.
        let unknown = try await F.forge(credential.objectValue!, key: issuer.key, kid: issuer.did + "#key-9", typ: "vc+jwt")
        await #expect(throws: CredentialJWTError.self) {
            try await CredentialJWT.verify(unknown, resolver: try F.resolver([issuer, other]), now: F.now)
        }
        // The other DID's key signed a credential claiming the first issuer.
        let foreign = try await F.forge(credential.objectValue!, key: other.key, kid: other.method, typ: "vc+jwt")
        await #expect(throws: CredentialJWTError.issuerMismatch(field: "issuer", expected: other.did, found: issuer.did)) {
            try await CredentialJWT.verify(foreign, resolver: try F.resolver([issuer, other]), now: F.now)
        }
        // The kid of the right DID but a token signed by another key.
        let wrongKey = try await F.forge(credential.objectValue!, key: other.key, kid: issuer.method, typ: "vc+jwt")
        await #expect(throws: CredentialJWTError.invalidSignature(kid: issuer.method)) {
            try await CredentialJWT.verify(wrongKey, resolver: try F.resolver([issuer, other]), now: F.now)
        }
        // Signing refuses a verification method of another DID.
        await #expect(throws: CredentialJWTError.issuerMismatch(field: "issuer", expected: other.did, found: issuer.did)) {
            try await CredentialJWT.sign(credential, key: other.key, verificationMethod: other.method)
        }
    }

    @Test("an alg that does not fit the key behind kid, or alg none, fails", arguments: KeyType.allCases)
    func algorithmMismatch(_ type: KeyType) async throws {
        // A DID with a key of this type (#key-1) and one of another type (#other).
        let otherType = KeyType.allCases[(KeyType.allCases.firstIndex(of: type)! + 1) % KeyType.allCases.count]
        let ed = try F.Issuer(type, name: "two-keys.example")
        let otherKey = F.keys[otherType]!
        var document = ed.document
        var methods = document["verificationMethod"]?.arrayValue ?? []
        methods.append(.object(VerificationMethodFormat.jsonWebKey.verificationMethod(id: ed.did + "#other", controller: ed.did, key: otherKey.publicKey)))
        document["verificationMethod"] = .array(methods)
        document["assertionMethod"] = [.string(ed.method), .string(ed.did + "#other")]
        let resolver = try DIDResolver(documents: [document])
        let credential = F.credentialV2(issuer: ed.did)
        // Signed with this type's alg, but kid names the other key.
        let token = try await F.forge(credential.objectValue!, key: ed.key, kid: ed.did + "#other", typ: "vc+jwt")
        do {
            _ = try await CredentialJWT.verify(token, resolver: resolver, now: F.now)
            Issue.record("a JWT with an alg unfit for its key verified")
        } catch {
            guard case .algorithmMismatch(let alg, let keyType, _) = error else { Issue.record("\(error)"); return }
            #expect(alg == type.algorithm && keyType == otherType)
            #expect(error.description.contains("is not accepted for the \(otherType.name) key behind 'kid'"))
        }
        // alg none, no signature.
        let header = Base64URL.encode(Array(#"{"alg":"none","kid":"did:web:two-keys.example#key-1","typ":"vc+jwt"}"#.utf8))
        let unsecured = header + "." + Base64URL.encode(Array(credential.compactString.utf8)) + "."
        do {
            _ = try await CredentialJWT.verify(unsecured, resolver: resolver, now: F.now)
            Issue.record("alg none verified")
        } catch {
            #expect(error.description.contains("unsecured JWTs are never accepted"))
        }
    }

    @Test("a key the issuer lists only for authentication may not sign credentials")
    func assertionMethodRequired() async throws {
        let issuer = try F.Issuer(.ed25519, name: "auth-only.example")
        let document = DIDDocument.make(
            did: issuer.did, methodID: issuer.method, key: issuer.key.publicKey, format: .jsonWebKey, relationships: ["authentication"])
        let token = try await CredentialJWT.sign(F.credentialV2(issuer: issuer.did), key: issuer.key, verificationMethod: issuer.method, now: F.now)
        await #expect(throws: CredentialJWTError.notAuthorized(kid: issuer.method, relationship: "assertionMethod")) {
            try await CredentialJWT.verify(token, resolver: try DIDResolver(documents: [document]), now: F.now)
        }
        // The same key signs an ID token (DCP asks no relationship of it).
        let idToken = try await SelfIssuedIDToken.make(issuer: issuer.did, audience: "did:web:holder.example.org", key: issuer.key, keyID: issuer.method, now: F.now)
        _ = try await SelfIssuedIDToken.verify(
            idToken, expectedAudience: "did:web:holder.example.org", resolver: try DIDResolver(documents: [document]), now: F.now)
    }

    @Test("VC 1.1: iss must be the credential's issuer; missing vc members come back from the claims")
    func vc11Claims() async throws {
        let issuer = try F.Issuer(.ed25519)
        let other = try F.Issuer(.ed25519, name: "other.example")
        var claims = try CredentialJWT.vc11Claims(F.credentialV1(issuer: issuer.did).objectValue!, issuer: other.did, now: F.now)
        let wrongIss = try await F.forge(claims, key: other.key, kid: other.method)
        await #expect(throws: CredentialJWTError.self) {
            try await CredentialJWT.verify(wrongIss, resolver: try F.resolver([issuer, other]), now: F.now)
        }
        // A vc claim with the mirrored members left out (VC 1.1 "instead of" encoding).
        claims = try CredentialJWT.vc11Claims(F.credentialV1(issuer: issuer.did).objectValue!, issuer: issuer.did, now: F.now)
        var vc = claims["vc"]!.objectValue!
        for name in ["id", "issuer", "issuanceDate", "expirationDate"] { vc[name] = nil }
        vc["credentialSubject"] = ["name": "Zoë"]
        claims["vc"] = .object(vc)
        let compact = try await F.forge(claims, key: issuer.key, kid: issuer.method)
        let result = try await CredentialJWT.verify(compact, resolver: try F.resolver([issuer]), now: F.now)
        #expect(result.credential["id"] == "https://certbridge.example.org/credentials/1")
        #expect(result.credential["issuer"]?.stringValue == issuer.did)
        #expect(result.credential["issuanceDate"] == "2025-01-01T00:00:00Z")
        #expect(result.credential["expirationDate"] == "2030-01-01T00:00:00Z")
        #expect(result.credential["credentialSubject"]?["id"] == "did:web:holder.example.org")
    }

    @Test("the kid, issuer and DIDs to prefetch are read without verifying")
    func references() async throws {
        let issuer = try F.Issuer(.p384)
        let token = try await CredentialJWT.sign(F.credentialV2(issuer: issuer.did), key: issuer.key, verificationMethod: issuer.method, now: F.now)
        let references = try CredentialJWT.references(in: token)
        #expect(references == JWTReferences(keyID: issuer.method, issuer: issuer.did, dids: [issuer.did]))
        #expect(CredentialJWT.isCompactJWS(token) && !CredentialJWT.isCompactJWS("{\"a\":1}"))
        #expect(throws: CredentialJWTError.self) { try CredentialJWT.references(in: "not.a-jwt") }
    }

    @Test("credentials without a known base context or issuer are refused before signing")
    func refusals() async throws {
        let issuer = try F.Issuer(.ed25519)
        var credential = F.credentialV2(issuer: issuer.did)
        credential["@context"] = ["https://example.org/other"]
        await #expect(throws: CredentialJWTError.self) {
            try await CredentialJWT.sign(credential, key: issuer.key, verificationMethod: issuer.method)
        }
        credential = F.credentialV2(issuer: issuer.did)
        credential["proof"] = ["type": "DataIntegrityProof"]
        let token = try await CredentialJWT.sign(credential, key: issuer.key, verificationMethod: issuer.method, now: F.now)
        #expect(try F.parts(token).payload["proof"] == nil)
    }
}
