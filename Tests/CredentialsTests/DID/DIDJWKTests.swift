@testable import Credentials
import Foundation
import JSONCanonical
import Testing

/// did:jwk: the method's own examples, round trips for our keys, refusals, and verification through `DIDResolver`.
@Suite struct DIDJWKTests {
    /// The P-256 example of the did:jwk method specification (no `use`, so every relationship).
    static let specP256 =
        "did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEVVM3l6OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25TRSJ9"
    /// The X25519 example (`"use": "enc"`, so only keyAgreement).
    static let specX25519 =
        "did:jwk:eyJrdHkiOiJPS1AiLCJjcnYiOiJYMjU1MTkiLCJ1c2UiOiJlbmMiLCJ4IjoiM3A3YmZYdDl3YlRUVzJIQzdPUTFOei1EUThoYmVHZE5yZngtRkctSUswOCJ9"

    @Test func specP256ExampleDocument() throws {
        let document = try DIDJWK.document(for: Self.specP256)
        let method = Self.specP256 + "#0"
        let expected: JSONValue = [
            "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"],
            "id": .string(Self.specP256),
            "verificationMethod": [
                [
                    "id": .string(method), "type": "JsonWebKey2020", "controller": .string(Self.specP256),
                    "publicKeyJwk": [
                        "crv": "P-256", "kty": "EC", "x": "acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0",
                        "y": "_KcyLj9vWMptnmKtm46GqDz8wf74I5LKgrl2GzH3nSE",
                    ],
                ]
            ],
            "assertionMethod": [.string(method)], "authentication": [.string(method)],
            "capabilityInvocation": [.string(method)], "capabilityDelegation": [.string(method)],
            "keyAgreement": [.string(method)],
        ]
        #expect(document.canonicalString == expected.canonicalString)
        let resolved = try DIDResolver().resolve(method)
        #expect(resolved.type == "JsonWebKey2020")
        #expect(resolved.publicKey.type == .p256)
        #expect(resolved.relationships.contains("assertionMethod"))
        #expect(try DIDResolver().resolve(Self.specP256) == resolved)
    }

    @Test func specX25519ExampleIsKeyAgreementOnly() throws {
        let document = try DIDJWK.document(for: Self.specX25519)
        let method = Self.specX25519 + "#0"
        #expect(document["keyAgreement"] == [.string(method)])
        for name in ["assertionMethod", "authentication", "capabilityInvocation", "capabilityDelegation"] {
            #expect(document[name] == nil, "\(name)")
        }
        #expect(document["verificationMethod"]?[0]?["publicKeyJwk"]?["crv"] == "X25519")
    }

    @Test(arguments: KeyType.curveTypes)
    func ourKeysRoundTripAndVerify(_ type: KeyType) throws {
        let key = SigningKey.generate(type)
        let did = key.publicKey.didJWK
        #expect(did.hasPrefix("did:jwk:"))
        #expect(try DIDJWK.publicKey(from: did) == key.publicKey)
        let document = try DIDJWK.document(for: did)
        // Our DIDs say "use": "sig": a signature key is never offered for key agreement.
        #expect(document["keyAgreement"] == nil)
        #expect(document["assertionMethod"] == [.string(did + "#0")])
        let suite = type == .ed25519 ? "eddsa-jcs-2022" : "ecdsa-jcs-2019"
        let signer = try DataIntegritySigner(
            key: key, verificationMethod: DIDJWK.verificationMethodID(for: key.publicKey), cryptosuite: suite)
        let credential: JSONValue = [
            "@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "issuer": .string(did),
            "credentialSubject": ["name": "Ana"],
        ]
        let signed = try signer.sign(credential, created: Date(timeIntervalSince1970: 1_700_000_000))
        let verified = try DataIntegrityVerifier(resolver: try DIDResolver()).verify(signed)
        #expect(verified.isSignedByIssuer == true)
        #expect(throws: DIDError.self) { try DIDResolver().resolve(did + "#1") }
    }

    @Test func privateJWKIsRefused() throws {
        let key = SigningKey.generate(.ed25519)
        var jwk = key.publicKey.jwk.json
        jwk["d"] = "AAAA"
        let did = "did:jwk:" + Base64URL.encode(Array(jwk.compactString.utf8))
        #expect {
            try DIDJWK.document(for: did)
        } throws: { error in
            "\(error)".contains("private key ('d')")
        }
        #expect(throws: DIDError.self) { try DIDResolver().resolve(did + "#0") }
    }

    @Test(arguments: [
        "did:jwk:", "did:jwk:not*base64", "did:jwk:" + Base64URL.encode(Array("[1]".utf8)),
        "did:jwk:" + Base64URL.encode(Array("{\"crv\":\"P-256\"}".utf8)), "did:jwk:" + Base64URL.encode(Array("{nope".utf8)),
        "did:jwk:" + Base64URL.encode(Array("{\"kty\":\"OKP\",\"use\":\"other\"}".utf8)),
    ])
    func malformedDIDsAreRefused(_ did: String) {
        #expect(throws: DIDError.self) { try DIDJWK.document(for: did) }
    }
}
