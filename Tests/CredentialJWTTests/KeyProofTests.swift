import CredentialJWT
import Credentials
import Crypto
import Foundation
import JSONCanonical
import Testing
import TestSupport
import X509

/// OpenID4VCI 1.0 key proofs (`openid4vci-proof+jwt`, Appendix F.1). Every proof here is made by
/// hand (base64url of header and payload, signed with swift-crypto) or by joserfc, never by the
/// code under test, so a shared mistake cannot make both sides agree.
@Suite("OpenID4VCI key proofs: typ, alg, one key reference (kid, jwk, x5c), aud, iat, nonce, signature")
struct KeyProofTests {
    static let issuer = "https://issuer.certbridge.example"
    static let now = JWTFixtures.now
    static let policy = KeyProofPolicy(audience: issuer)

    // MARK: Proofs made by hand

    /// A holder key with a JWK written by hand from swift-crypto's raw forms.
    struct HolderKey: CustomTestStringConvertible {
        enum Backing {
            case ed25519(Curve25519.Signing.PrivateKey)
            case p256(P256.Signing.PrivateKey)
            case p384(P384.Signing.PrivateKey)
        }

        var backing: Backing

        var testDescription: String { alg }

        static func ed25519() -> HolderKey { HolderKey(backing: .ed25519(.init())) }
        static func p256() -> HolderKey { HolderKey(backing: .p256(.init())) }
        static func p384() -> HolderKey { HolderKey(backing: .p384(.init())) }

        var alg: String {
            switch backing {
            case .ed25519: "EdDSA"
            case .p256: "ES256"
            case .p384: "ES384"
            }
        }

        /// JWS signature bytes: Ed25519, or ECDSA r||s over SHA-256/384 (swift-crypto hashes).
        func sign(_ input: [UInt8]) throws -> [UInt8] {
            switch backing {
            case .ed25519(let key): Array(try key.signature(for: input))
            case .p256(let key): Array(try key.signature(for: input).rawRepresentation)
            case .p384(let key): Array(try key.signature(for: input).rawRepresentation)
            }
        }

        /// The public JWK, members written out here rather than taken from certbridge.
        var jwk: JSONObject {
            switch backing {
            case .ed25519(let key):
                return ["kty": "OKP", "crv": "Ed25519", "x": .string(Base64URL.encode(key.publicKey.rawRepresentation))]
            case .p256(let key):
                let point = Array(key.publicKey.x963Representation.dropFirst())
                return ["kty": "EC", "crv": "P-256", "x": .string(Base64URL.encode(point.prefix(32))), "y": .string(Base64URL.encode(point.suffix(32)))]
            case .p384(let key):
                let point = Array(key.publicKey.x963Representation.dropFirst())
                return ["kty": "EC", "crv": "P-384", "x": .string(Base64URL.encode(point.prefix(48))), "y": .string(Base64URL.encode(point.suffix(48)))]
            }
        }

        var publicKey: PublicKey {
            get throws {
                switch backing {
                case .ed25519(let key): try PublicKey(type: .ed25519, bytes: Array(key.publicKey.rawRepresentation))
                case .p256(let key): try PublicKey(type: .p256, bytes: Array(key.publicKey.x963Representation))
                case .p384(let key): try PublicKey(type: .p384, bytes: Array(key.publicKey.x963Representation))
                }
            }
        }

        var certificatePublicKey: Certificate.PublicKey {
            switch backing {
            case .ed25519(let key): .init(key.publicKey)
            case .p256(let key): .init(key.publicKey)
            case .p384(let key): .init(key.publicKey)
            }
        }

        var certificatePrivateKey: Certificate.PrivateKey {
            switch backing {
            case .ed25519(let key): .init(key)
            case .p256(let key): .init(key)
            case .p384(let key): .init(key)
            }
        }
    }

    /// `base64url(header).base64url(claims).base64url(signature)`; no signer gives `header.payload.`.
    static func compact(header: JSONObject, claims: JSONObject, signer: HolderKey?) throws -> String {
        let input = Base64URL.encode(Array(JSONValue.object(header).compactString.utf8)) + "."
            + Base64URL.encode(Array(JSONValue.object(claims).compactString.utf8))
        guard let signer else { return input + "." }
        return input + "." + Base64URL.encode(try signer.sign(Array(input.utf8)))
    }

    /// The claims of a good proof made now.
    static func claims(iat: Date = now, nonce: String? = "c-nonce-1") -> JSONObject {
        var claims: JSONObject = ["aud": .string(issuer), "iat": .number(iat.timeIntervalSince1970.rounded(.down))]
        if let nonce { claims["nonce"] = .string(nonce) }
        return claims
    }

    /// A good header naming `key` by `jwk`.
    static func jwkHeader(_ key: HolderKey) -> JSONObject {
        ["typ": "openid4vci-proof+jwt", "alg": .string(key.alg), "jwk": .object(key.jwk)]
    }

    /// A good header naming the key by `kid`.
    static func kidHeader(_ key: HolderKey, kid: String) -> JSONObject {
        ["typ": "openid4vci-proof+jwt", "alg": .string(key.alg), "kid": .string(kid)]
    }

    /// A self-signed certificate for `key`, valid around ``now`` unless told otherwise.
    static func certificate(_ key: HolderKey, from start: Date = now.addingTimeInterval(-3600), to end: Date = now.addingTimeInterval(86_400))
        throws -> String
    {
        let name = try DistinguishedName { CommonName("certbridge test wallet key") }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.certificatePublicKey, notValidBefore: start,
            notValidAfter: end, issuer: name, subject: name, extensions: Certificate.Extensions(), issuerPrivateKey: key.certificatePrivateKey)
        // x5c is base64 DER (RFC 7515 §4.1.6), not base64url.
        return Data(try certificate.serializeAsPEM().derBytes).base64EncodedString()
    }

    /// The refusal `verify` throws, or a recorded issue when it accepts.
    static func refusal(
        _ token: String, policy: KeyProofPolicy = Self.policy, resolver: some VerificationMethodResolver = OfflineResolver(),
        now: Date = Self.now, sourceLocation: SourceLocation = #_sourceLocation
    ) async -> KeyProofError? {
        do {
            let accepted = try await KeyProof.verify(token, policy: policy, resolver: resolver, now: now)
            Issue.record("the proof was accepted: \(accepted.keyID)", sourceLocation: sourceLocation)
            return nil
        } catch {
            #expect(error.errorCode == "invalid_proof", sourceLocation: sourceLocation)
            return error
        }
    }

    // MARK: Accepted proofs

    @Test("an Ed25519 proof naming its did:key by kid binds the did:key")
    func ed25519DIDKey() async throws {
        let key = HolderKey.ed25519()
        let publicKey = try key.publicKey
        var claims = Self.claims()
        claims["iss"] = "wallet-client-1"
        let token = try Self.compact(header: Self.kidHeader(key, kid: publicKey.didKeyVerificationMethod), claims: claims, signer: key)
        #expect(try KeyProof.keyReference(in: token) == .kid(publicKey.didKeyVerificationMethod))
        #expect(try KeyProof.keyReference(in: token).did == publicKey.didKey)
        let proof = try await KeyProof.verify(token, policy: Self.policy, resolver: OfflineResolver(), now: Self.now)
        #expect(
            proof
                == VerifiedKeyProof(
                    holderDID: publicKey.didKey, keyID: publicKey.didKeyVerificationMethod, publicKey: publicKey, nonce: "c-nonce-1",
                    algorithm: "EdDSA", issuer: "wallet-client-1"))
    }

    @Test("a P-256 proof carrying its jwk binds the key's did:jwk", arguments: [HolderKey.p256(), .ed25519(), .p384()])
    func jwkBoundAsDIDJWK(_ key: HolderKey) async throws {
        let token = try Self.compact(header: Self.jwkHeader(key), claims: Self.claims(), signer: key)
        #expect(try KeyProof.keyReference(in: token) == .jwk)
        #expect(try KeyProof.keyReference(in: token).did == nil)
        let proof = try await KeyProof.verify(token, policy: Self.policy, resolver: OfflineResolver(), now: Self.now)
        let publicKey = try key.publicKey
        #expect(proof.holderDID == publicKey.didJWK && proof.keyID == publicKey.didJWK + "#0")
        #expect(proof.publicKey == publicKey && proof.algorithm == key.alg && proof.nonce == "c-nonce-1" && proof.issuer == nil)
        // The did:jwk names the same key: resolving it gives back the proof's key.
        #expect(try OfflineResolver().resolve(proof.keyID).publicKey == publicKey)
    }

    @Test("the specification's own example proof (ES256, jwk header) verifies")
    func specificationExample() async throws {
        // OID4VCI 1.0 §F.1, the `proofs` example, line breaks removed; iat 1701960444.
        let token =
            "eyJ0eXAiOiJvcGVuaWQ0dmNpLXByb29mK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwiY3J2IjoiUC0yNTYiLCJ4IjoiblVXQW9BdjNYWml0aDhFN2kxOU9kYXhPTFlGT3dNLVoyRXVNMDJUaXJUNCIsInkiOiJIc2tIVThCalVpMVU5WHFpN1N3bWo4Z3dBS18weGtjRGpFV183MVNvc0VZIn19.eyJhdWQiOiJodHRwczovL2NyZWRlbnRpYWwtaXNzdWVyLmV4YW1wbGUuY29tIiwiaWF0IjoxNzAxOTYwNDQ0LCJub25jZSI6IkxhclJHU2JtVVBZdFJZTzZCUTR5bjgifQ.-a3EDsxClUB4O3LeDD5DVGEnNMT01FCQW4P6-2-BNBqc_Zxf0Qw4CWayLEpqkAomlkLb9zioZoipdP-jvh1WlA"
        let proof = try await KeyProof.verify(
            token, policy: KeyProofPolicy(audience: "https://credential-issuer.example.com"), resolver: OfflineResolver(),
            now: Date(timeIntervalSince1970: 1_701_960_444 + 10))
        #expect(proof.nonce == "LarRGSbmUPYtRYO6BQ4yn8" && proof.algorithm == "ES256" && proof.publicKey.type == .p256)
    }

    @Test("a did:web kid resolves through a resolver holding the prefetched DID document")
    func didWebKid() async throws {
        let key = HolderKey.p256()
        let did = "did:web:wallet.example.org:holders:alice"
        let document = try DIDWeb(parsing: did).document(for: try key.publicKey)
        let kid = did + "#key-1"
        let token = try Self.compact(header: Self.kidHeader(key, kid: kid), claims: Self.claims(), signer: key)
        // What the caller learns before verifying: the DID whose document to fetch.
        #expect(try KeyProof.keyReference(in: token).did == did)
        let proof = try await KeyProof.verify(token, policy: Self.policy, resolver: try DIDResolver(documents: [document]), now: Self.now)
        let publicKey = try key.publicKey
        #expect(proof.holderDID == did && proof.keyID == kid && proof.publicKey == publicKey)
        // Without the document the kid is unresolvable.
        let error = await Self.refusal(token)
        guard case .unresolvableKey(kid: kid, .documentNotSupplied(did))? = error else {
            Issue.record("expected an unresolvable kid, got \(String(describing: error))")
            return
        }
    }

    // MARK: Header refusals

    @Test("typ must be exactly openid4vci-proof+jwt", arguments: ["JWT", "openid4vci-proof+JWT", "application/openid4vci-proof+jwt", nil])
    func wrongType(_ typ: String?) async throws {
        let key = HolderKey.ed25519()
        var header = Self.jwkHeader(key)
        header["typ"] = typ.map(JSONValue.string)
        let error = await Self.refusal(try Self.compact(header: header, claims: Self.claims(), signer: key))
        if typ == nil {
            #expect(error == .missing("typ"))
        } else {
            guard case .invalid("typ", _)? = error else {
                Issue.record("expected an invalid typ, got \(String(describing: error))")
                return
            }
        }
    }

    @Test("alg none (an unsigned header.payload.) is refused, even when the policy lists it")
    func algNone() async throws {
        let key = HolderKey.ed25519()
        var header = Self.jwkHeader(key)
        header["alg"] = "none"
        let token = try Self.compact(header: header, claims: Self.claims(), signer: nil)
        #expect(token.hasSuffix("."))
        let policy = KeyProofPolicy(audience: Self.issuer, allowedAlgorithms: ["none", "EdDSA"])
        guard case .algorithmNotAccepted(alg: "none", let reason)? = await Self.refusal(token, policy: policy) else {
            Issue.record("alg none was not refused as an algorithm")
            return
        }
        #expect(reason.contains("unsigned"))
        // No alg at all.
        header["alg"] = nil
        #expect(await Self.refusal(try Self.compact(header: header, claims: Self.claims(), signer: key)) == .missing("alg"))
    }

    @Test("an alg the policy does not list is refused")
    func algNotAllowed() async throws {
        let key = HolderKey.ed25519()
        let token = try Self.compact(header: Self.jwkHeader(key), claims: Self.claims(), signer: key)
        let policy = KeyProofPolicy(audience: Self.issuer, allowedAlgorithms: ["ES256"])
        guard case .algorithmNotAccepted(alg: "EdDSA", let reason)? = await Self.refusal(token, policy: policy) else {
            Issue.record("EdDSA was accepted by an ES256-only policy")
            return
        }
        #expect(reason.contains("ES256"))
        // A symmetric algorithm is never one: not in the default policy, unknown to certbridge.
        var header = Self.jwkHeader(key)
        header["alg"] = "HS256"
        guard case .algorithmNotAccepted(alg: "HS256", _)? = await Self.refusal(try Self.compact(header: header, claims: Self.claims(), signer: key))
        else {
            Issue.record("HS256 was not refused")
            return
        }
    }

    @Test("an alg that does not fit the key is refused")
    func algNotFittingKey() async throws {
        let key = HolderKey.p256()
        var header = Self.jwkHeader(key)
        header["alg"] = "ES384"
        let error = await Self.refusal(try Self.compact(header: header, claims: Self.claims(), signer: key))
        guard case .algorithmNotAccepted(alg: "ES384", let reason)? = error else {
            Issue.record("ES384 with a P-256 key: \(String(describing: error))")
            return
        }
        #expect(reason.contains("P-256"))
        // EdDSA named for a did:key P-256 key.
        let kidHeader: JSONObject = ["typ": "openid4vci-proof+jwt", "alg": "EdDSA", "kid": .string(try key.publicKey.didKeyVerificationMethod)]
        guard case .algorithmNotAccepted(alg: "EdDSA", _)? = await Self.refusal(try Self.compact(header: kidHeader, claims: Self.claims(), signer: key))
        else {
            Issue.record("EdDSA with a P-256 did:key was not refused")
            return
        }
    }

    @Test("two key references are refused", arguments: [["kid", "jwk"], ["jwk", "x5c"], ["kid", "x5c"], ["kid", "jwk", "x5c"]])
    func twoKeyReferences(_ members: [String]) async throws {
        let key = HolderKey.ed25519()
        var header = Self.jwkHeader(key)
        if members.contains("kid") { header["kid"] = .string(try key.publicKey.didKeyVerificationMethod) }
        if !members.contains("jwk") { header["jwk"] = nil }
        if members.contains("x5c") { header["x5c"] = [.string(try Self.certificate(key))] }
        let token = try Self.compact(header: header, claims: Self.claims(), signer: key)
        #expect(throws: KeyProofError.keyReference(found: members)) { try KeyProof.keyReference(in: token) }
        // Even with x5c allowed: which key would the credential be bound to?
        let policy = KeyProofPolicy(audience: Self.issuer, allowX5C: true)
        #expect(await Self.refusal(token, policy: policy) == .keyReference(found: members))
    }

    @Test("a header naming no key is refused")
    func noKeyReference() async throws {
        let key = HolderKey.ed25519()
        var header = Self.jwkHeader(key)
        header["jwk"] = nil
        let token = try Self.compact(header: header, claims: Self.claims(), signer: key)
        #expect(throws: KeyProofError.keyReference(found: [])) { try KeyProof.keyReference(in: token) }
        let error = await Self.refusal(token)
        #expect(error == .keyReference(found: []))
        #expect(error?.description.contains("'kid'") == true)
    }

    @Test("a jwk with private members is refused, naming the members but never showing them")
    func privateJWK() async throws {
        let key = P256.Signing.PrivateKey()
        let holder = HolderKey(backing: .p256(key))
        var jwk = holder.jwk
        let secret = Base64URL.encode(key.rawRepresentation)
        jwk["d"] = .string(secret)
        var header = Self.jwkHeader(holder)
        header["jwk"] = .object(jwk)
        let error = await Self.refusal(try Self.compact(header: header, claims: Self.claims(), signer: holder))
        #expect(error == .privateKeyInHeader(members: ["d"]))
        #expect(error?.description.contains(secret) == false)
        // RSA's CRT members are private too (refused before the key is even read).
        jwk["d"] = nil
        jwk["p"] = "AQAB"
        jwk["q"] = "AQAB"
        header["jwk"] = .object(jwk)
        #expect(await Self.refusal(try Self.compact(header: header, claims: Self.claims(), signer: holder)) == .privateKeyInHeader(members: ["p", "q"]))
    }

    @Test("a kid that is not a DID URL is refused", arguments: ["0", "#key-1", "https://wallet.example/keys/1", "did:web"])
    func kidNotDIDURL(_ kid: String) async throws {
        let key = HolderKey.ed25519()
        let error = await Self.refusal(try Self.compact(header: Self.kidHeader(key, kid: kid), claims: Self.claims(), signer: key))
        guard case .invalid("kid", _)? = error else {
            Issue.record("kid '\(kid)': \(String(describing: error))")
            return
        }
    }

    /// A resolver that answers every kid with a method of another DID.
    struct ForeignResolver: VerificationMethodResolver {
        var method: ResolvedVerificationMethod
        func resolve(_ verificationMethod: String) throws(DIDError) -> ResolvedVerificationMethod { method }
    }

    @Test("a kid resolved to a key of another DID is refused: the credential would be bound to the wrong holder")
    func kidOfAnotherController() async throws {
        let key = HolderKey.ed25519()
        let publicKey = try key.publicKey
        let kid = "did:web:holder.example.org#key-1"
        let resolver = ForeignResolver(
            method: ResolvedVerificationMethod(
                id: publicKey.didKeyVerificationMethod, type: "Multikey", controller: publicKey.didKey, publicKey: publicKey,
                relationships: ["authentication"]))
        let error = await Self.refusal(try Self.compact(header: Self.kidHeader(key, kid: kid), claims: Self.claims(), signer: key), resolver: resolver)
        guard case .invalid("kid", let reason)? = error else {
            Issue.record("\(String(describing: error))")
            return
        }
        #expect(reason.contains(publicKey.didKey))
    }

    @Test("a crit header is refused")
    func critical() async throws {
        let key = HolderKey.ed25519()
        var header = Self.jwkHeader(key)
        header["crit"] = ["b64"]
        header["b64"] = false
        let error = await Self.refusal(try Self.compact(header: header, claims: Self.claims(), signer: key))
        guard case .invalid("crit", _)? = error else {
            Issue.record("crit: \(String(describing: error))")
            return
        }
    }

    // MARK: x5c

    @Test("x5c is refused unless the policy allows it")
    func x5cRefusedByDefault() async throws {
        let key = HolderKey.ed25519()
        var header = Self.jwkHeader(key)
        header["jwk"] = nil
        header["x5c"] = [.string(try Self.certificate(key))]
        let token = try Self.compact(header: header, claims: Self.claims(), signer: key)
        #expect(try KeyProof.keyReference(in: token) == .x5c)
        let error = await Self.refusal(token)
        #expect(error == .x5cNotAllowed)
        #expect(error?.description.contains("'kid'") == true)
    }

    @Test("with allowX5C, the leaf certificate's key verifies the proof; no DID is bound", arguments: [HolderKey.ed25519(), .p256(), .p384()])
    func x5cAccepted(_ key: HolderKey) async throws {
        var header = Self.jwkHeader(key)
        header["jwk"] = nil
        // A second certificate after the leaf is carried along, not read.
        header["x5c"] = [.string(try Self.certificate(key)), .string(try Self.certificate(HolderKey.p256()))]
        let token = try Self.compact(header: header, claims: Self.claims(), signer: key)
        let policy = KeyProofPolicy(audience: Self.issuer, allowX5C: true)
        let proof = try await KeyProof.verify(token, policy: policy, resolver: OfflineResolver(), now: Self.now)
        let publicKey = try key.publicKey
        #expect(proof.holderDID == nil && proof.publicKey == publicKey && proof.algorithm == key.alg)
        // The key is named by its RFC 7638 thumbprint (required members, sorted, no whitespace).
        let members = key.jwk
        let required = members["y"] == nil
            ? "{\"crv\":\"\(members["crv"]?.stringValue ?? "")\",\"kty\":\"OKP\",\"x\":\"\(members["x"]?.stringValue ?? "")\"}"
            : "{\"crv\":\"\(members["crv"]?.stringValue ?? "")\",\"kty\":\"EC\",\"x\":\"\(members["x"]?.stringValue ?? "")\",\"y\":\"\(members["y"]?.stringValue ?? "")\"}"
        #expect(proof.keyID == "urn:ietf:params:oauth:jwk-thumbprint:sha-256:" + Base64URL.encode(Array(SHA256.hash(data: Array(required.utf8)))))

        // Signed by another key than the certificate's.
        let other = try Self.compact(header: header, claims: Self.claims(), signer: key.alg == "ES256" ? HolderKey.p256() : key.alg == "ES384" ? .p384() : .ed25519())
        guard case .invalidSignature? = await Self.refusal(other, policy: policy) else {
            Issue.record("a proof signed by another key than the certificate's verified")
            return
        }
    }

    @Test("with allowX5C, an expired or not yet valid leaf, or one that is not DER, is refused")
    func x5cUnusableCertificate() async throws {
        let key = HolderKey.ed25519()
        let policy = KeyProofPolicy(audience: Self.issuer, allowX5C: true)
        let certificates = [
            try Self.certificate(key, from: Self.now.addingTimeInterval(-86_400), to: Self.now.addingTimeInterval(-3600)),
            try Self.certificate(key, from: Self.now.addingTimeInterval(3600), to: Self.now.addingTimeInterval(86_400)),
            Base64URL.encode(Array("not a certificate".utf8)),
        ]
        for certificate in certificates {
            var header = Self.jwkHeader(key)
            header["jwk"] = nil
            header["x5c"] = [.string(certificate)]
            guard case .invalid("x5c", _)? = await Self.refusal(try Self.compact(header: header, claims: Self.claims(), signer: key), policy: policy)
            else {
                Issue.record("an unusable x5c leaf was accepted or refused for another reason")
                continue
            }
        }
    }

    // MARK: Claims

    @Test("aud must name the credential issuer (a string or an array)")
    func audience() async throws {
        let key = HolderKey.ed25519()
        var claims = Self.claims()
        claims["aud"] = "https://other-issuer.example"
        #expect(
            await Self.refusal(try Self.compact(header: Self.jwkHeader(key), claims: claims, signer: key))
                == .wrongAudience(expected: Self.issuer, found: ["https://other-issuer.example"]))
        claims["aud"] = nil
        #expect(await Self.refusal(try Self.compact(header: Self.jwkHeader(key), claims: claims, signer: key)) == .missing("aud"))
        claims["aud"] = ["https://other-issuer.example", .string(Self.issuer)]
        _ = try await KeyProof.verify(
            try Self.compact(header: Self.jwkHeader(key), claims: claims, signer: key), policy: Self.policy, resolver: OfflineResolver(),
            now: Self.now)
    }

    @Test("iat is required, a number, and not older than maxAge")
    func iatTooOld() async throws {
        let key = HolderKey.ed25519()
        let old = try Self.compact(header: Self.jwkHeader(key), claims: Self.claims(iat: Self.now.addingTimeInterval(-301)), signer: key)
        guard case .time(field: "iat", _, let reason)? = await Self.refusal(old) else {
            Issue.record("a proof 301 s old was accepted")
            return
        }
        #expect(reason.contains("300 s"))
        // The same proof is fine under a longer maxAge, and one exactly maxAge old is fine.
        _ = try await KeyProof.verify(
            old, policy: KeyProofPolicy(audience: Self.issuer, maxAge: .seconds(600)), resolver: OfflineResolver(), now: Self.now)
        _ = try await KeyProof.verify(
            try Self.compact(header: Self.jwkHeader(key), claims: Self.claims(iat: Self.now.addingTimeInterval(-300)), signer: key),
            policy: Self.policy, resolver: OfflineResolver(), now: Self.now)
        var claims = Self.claims()
        claims["iat"] = nil
        #expect(await Self.refusal(try Self.compact(header: Self.jwkHeader(key), claims: claims, signer: key)) == .missing("iat"))
        claims["iat"] = "2026-01-01T00:00:00Z"
        guard case .invalid("iat", _)? = await Self.refusal(try Self.compact(header: Self.jwkHeader(key), claims: claims, signer: key)) else {
            Issue.record("a string iat was accepted")
            return
        }
    }

    @Test("iat more than leeway in the future is refused")
    func iatInFuture() async throws {
        let key = HolderKey.ed25519()
        let future = try Self.compact(header: Self.jwkHeader(key), claims: Self.claims(iat: Self.now.addingTimeInterval(61)), signer: key)
        guard case .time(field: "iat", _, let reason)? = await Self.refusal(future) else {
            Issue.record("a proof from 61 s in the future was accepted")
            return
        }
        #expect(reason.contains("future"))
        // Within the leeway it is clock skew, not a fault.
        _ = try await KeyProof.verify(
            try Self.compact(header: Self.jwkHeader(key), claims: Self.claims(iat: Self.now.addingTimeInterval(59)), signer: key),
            policy: Self.policy, resolver: OfflineResolver(), now: Self.now)
    }

    @Test("exp, when present, must not have passed; nbf must not be in the future")
    func expiry() async throws {
        let key = HolderKey.ed25519()
        var claims = Self.claims(iat: Self.now.addingTimeInterval(-200))
        claims["exp"] = .number(Self.now.timeIntervalSince1970 - 120)
        guard case .time(field: "exp", _, _)? = await Self.refusal(try Self.compact(header: Self.jwkHeader(key), claims: claims, signer: key)) else {
            Issue.record("an expired proof was accepted")
            return
        }
        claims["exp"] = .number(Self.now.timeIntervalSince1970 + 120)
        claims["nbf"] = .number(Self.now.timeIntervalSince1970 + 120)
        guard case .time(field: "nbf", _, _)? = await Self.refusal(try Self.compact(header: Self.jwkHeader(key), claims: claims, signer: key)) else {
            Issue.record("a proof not valid before 2 min from now was accepted")
            return
        }
    }

    @Test("nonce is required by default, must be a string, and is returned unjudged")
    func nonce() async throws {
        let key = HolderKey.ed25519()
        let without = try Self.compact(header: Self.jwkHeader(key), claims: Self.claims(nonce: nil), signer: key)
        let error = await Self.refusal(without)
        #expect(error == .missing("nonce"))
        #expect(error?.description.contains("nonce endpoint") == true)
        // An issuer without a nonce endpoint does not require one.
        let proof = try await KeyProof.verify(
            without, policy: KeyProofPolicy(audience: Self.issuer, requireNonce: false), resolver: OfflineResolver(), now: Self.now)
        #expect(proof.nonce == nil)
        var claims = Self.claims()
        claims["nonce"] = 42
        guard case .invalid("nonce", _)? = await Self.refusal(try Self.compact(header: Self.jwkHeader(key), claims: claims, signer: key)) else {
            Issue.record("a numeric nonce was accepted")
            return
        }
    }

    // MARK: Signatures

    @Test("a proof signed by another key than the one named is refused")
    func signatureByAnotherKey() async throws {
        let named = HolderKey.ed25519()
        let signer = HolderKey.ed25519()
        let kid = try named.publicKey.didKeyVerificationMethod
        #expect(
            await Self.refusal(try Self.compact(header: Self.kidHeader(named, kid: kid), claims: Self.claims(), signer: signer))
                == .invalidSignature(keyID: kid))
        let didJWK = try named.publicKey.didJWK + "#0"
        #expect(
            await Self.refusal(try Self.compact(header: Self.jwkHeader(named), claims: Self.claims(), signer: signer))
                == .invalidSignature(keyID: didJWK))
        // A signed proof whose claims were changed afterwards.
        let token = try Self.compact(header: Self.jwkHeader(named), claims: Self.claims(), signer: named)
        var claims = Self.claims()
        claims["nonce"] = "c-nonce-2"
        let parts = token.split(separator: ".")
        let tampered = parts[0] + "." + Base64URL.encode(Array(JSONValue.object(claims).compactString.utf8)) + "." + parts[2]
        #expect(await Self.refusal(tampered) == .invalidSignature(keyID: didJWK))
    }

    @Test("text that is not a compact JWT is malformed")
    func malformed() async throws {
        for text in ["", "abc", "a.b", "a.b.c.d"] {
            guard case .malformed? = await Self.refusal(text) else {
                Issue.record("'\(text)' was not malformed")
                continue
            }
        }
        #expect(throws: KeyProofError.self) { try KeyProof.keyReference(in: "a.b") }
    }

    // MARK: Interop

    /// Whether python3 can import joserfc (`.ci/run` installs it; elsewhere the test is skipped).
    /// Evaluated once while the suite's traits are read, before any test runs, so this one short
    /// blocking wait holds no thread a running test needs.
    static let joserfcAvailable: Bool = {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import joserfc"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    @Test("an Ed25519 proof joserfc signed with a jwk header verifies", .enabled(if: KeyProofTests.joserfcAvailable, "python3 with joserfc is not installed"))
    func joserfcProof() async throws {
        let claims: JSONValue = ["aud": .string(Self.issuer), "iat": .number(Self.now.timeIntervalSince1970), "nonce": "c-nonce-1", "iss": "wallet-client-1"]
        let signed = try await JoserfcInteropTests.python([
            "op": "sign", "alg": "EdDSA", "claims": claims, "header": ["typ": "openid4vci-proof+jwt"], "embed_jwk": true,
        ])
        let token = try #require(signed["token"]?.stringValue)
        let publicKey = try PublicKey(jwk: try JWK(json: try #require(signed["jwk"])))
        let proof = try await KeyProof.verify(token, policy: Self.policy, resolver: OfflineResolver(), now: Self.now)
        #expect(proof.publicKey == publicKey && proof.holderDID == publicKey.didJWK && proof.nonce == "c-nonce-1" && proof.issuer == "wallet-client-1")
        #expect(await Self.refusal(token, policy: KeyProofPolicy(audience: "https://other-issuer.example")) == .wrongAudience(expected: "https://other-issuer.example", found: [Self.issuer]))
    }
}

/// did:key and did:jwk only: no DID document supplied.
struct OfflineResolver: VerificationMethodResolver {
    func resolve(_ verificationMethod: String) throws(DIDError) -> ResolvedVerificationMethod {
        try DIDResolver().resolve(verificationMethod)
    }
}
