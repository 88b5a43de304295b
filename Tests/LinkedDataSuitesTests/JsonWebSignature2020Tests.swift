import Credentials
import Foundation
import JSONCanonical
import LinkedData
@testable import LinkedDataSuites
import Testing

/// A VC 1.1 credential (the form the TSG wallet's JsonWebSignature2020 example uses).
private func credentialV1(issuer: String) throws -> JSONValue {
    try JSONValue(parsing: """
        {"@context": ["https://www.w3.org/2018/credentials/v1"],
         "id": "https://certbridge.example/credentials/1", "type": ["VerifiableCredential"],
         "issuer": "\(issuer)", "issuanceDate": "2024-01-01T00:00:00Z",
         "credentialSubject": {"id": "did:web:holder.example.org"}}
        """)
}

/// A VC 2.0 credential.
private func credentialV2(issuer: String) throws -> JSONValue {
    try JSONValue(parsing: """
        {"@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
         "id": "urn:uuid:6f1b3c36-8d3e-4c55-9d0c-2f0b8f0c0a11", "type": ["VerifiableCredential", "AlumniCredential"],
         "issuer": "\(issuer)", "validFrom": "2024-01-01T00:00:00Z",
         "credentialSubject": {"id": "did:example:abc", "alumniOf": "Example University"}}
        """)
}

private let created = Date(timeIntervalSince1970: 1_700_000_000)

/// A signer with the RDF suites registered; the did:key method of `key` unless given.
private func signer(_ key: SigningKey, suite: String = "JsonWebSignature2020", method: String? = nil) throws -> DataIntegritySigner {
    try DataIntegritySigner(
        key: key, verificationMethod: method ?? key.didKeyVerificationMethod, cryptosuite: suite, registry: CryptosuiteRegistry.standard.registeringLinkedDataSuites())
}

@Suite("JsonWebSignature2020: detached JWS over RDFC-1.0")
struct JsonWebSignature2020Tests {
    let verifier: DataIntegrityVerifier

    init() throws {
        verifier = DataIntegrityVerifier(resolver: try DIDResolver(), registry: CryptosuiteRegistry.standard.registeringLinkedDataSuites())
    }

    @Test("sign and verify with EdDSA, ES256 and ES384, VC 1.1 and 2.0 (did:key; RSA: JsonWebSignature2020RSATests)", arguments: KeyType.curveTypes, [1, 2])
    func roundTrip(_ keyType: KeyType, version: Int) throws {
        let key = SigningKey.generate(keyType)
        let unsigned = version == 1 ? try credentialV1(issuer: key.didKey) : try credentialV2(issuer: key.didKey)
        let signed = try signer(key).sign(unsigned, created: created)
        #expect(signed["@context"]?.arrayValue?.last == .string(JsonWebSignature2020.context))
        #expect(signed["proof"]?["type"] == "JsonWebSignature2020")
        #expect(signed["proof"]?["proofValue"] == nil)
        #expect(try verifier.verify(signed).proofs.first?.type == "JsonWebSignature2020")

        var tampered = signed
        tampered["credentialSubject"]?["id"] = "did:web:someone-else.example.org"
        #expect(throws: DataIntegrityError.invalidSignature(verificationMethod: key.didKeyVerificationMethod)) {
            try verifier.verify(tampered)
        }
    }

    @Test("the jws is header..signature over ASCII(b64url(header)) || '.' || SHA-256 hashes of the RDFC forms")
    func jwsStructure() throws {
        let key = SigningKey.generate(.ed25519)
        let signed = try signer(key).sign(try credentialV1(issuer: key.didKey), created: created)
        let proof = try #require(signed["proof"]?.objectValue)
        let jws = try #require(proof["jws"]?.stringValue)
        let parts = jws.split(separator: ".", omittingEmptySubsequences: false)
        #expect(parts.count == 3 && parts[1].isEmpty)
        let header = String(decoding: try Base64URL.decode(String(parts[0])), as: UTF8.self)
        #expect(header == #"{"alg":"EdDSA","b64":false,"crit":["b64"]}"#)

        // Recompute the signing input independently of the suite.
        var document = signed
        document["proof"] = nil
        var options = proof
        options["jws"] = nil
        options["@context"] = document["@context"]
        let processor = JSONLDProcessor()
        let hashData = ProofDigest.sha256.hash(try processor.canonicalize(.object(options)).nquads)
            + ProofDigest.sha256.hash(try processor.canonicalize(document).nquads)
        let signingInput = Array(parts[0].utf8) + [UInt8(ascii: ".")] + hashData
        #expect(key.publicKey.isValidSignature(try Base64URL.decode(String(parts[2])), for: signingInput))
    }

    @Test("a jws is cut into header and signature as splitting its Characters at '.' does, ASCII or not")
    func detachedParts() {
        let samples = [
            "eyJh..c2ln", "..", "a..", "..b", "a.b.c", "a...b", "a..b.", ".a..b", "", "a", "a.b", "ab..cd..ef",
            "é..x", "a\u{301}..b", "a..\u{301}b", "a.\u{301}.b", ".\u{301}..b", "a..b\u{301}", "日本..語", "a.\u{200D}.b",
        ]
        for sample in samples {
            let parts = sample.split(separator: ".", omittingEmptySubsequences: false)
            let expected = parts.count == 3 && parts[1].isEmpty ? [String(parts[0]), String(parts[2])] : nil
            let actual = JsonWebSignature2020.detachedParts(sample).map { [$0.header, $0.signature] }
            #expect(actual == expected, "\(sample.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test("a header whose alg does not fit the key is rejected")
    func wrongAlgorithm() throws {
        let key = SigningKey.generate(.p256)
        var signed = try signer(key).sign(try credentialV1(issuer: key.didKey), created: created)
        let jws = try #require(signed["proof"]?["jws"]?.stringValue)
        let signature = jws.split(separator: ".", omittingEmptySubsequences: false)[2]
        let forgedHeader = Base64URL.encode(Array(#"{"alg":"ES384","b64":false,"crit":["b64"]}"#.utf8))
        signed["proof"]?["jws"] = .string(forgedHeader + ".." + signature)
        #expect(throws: DataIntegrityError.self) { try verifier.verify(signed) }
    }

    @Test("a JsonWebKey2020 verification method with publicKeyJwk (did:web) verifies")
    func jsonWebKey2020Method() throws {
        let key = SigningKey.generate(.p384)
        let did = "did:web:certbridge.example.org"
        let methodID = did + "#key-1"
        let document: JSONValue = [
            "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"],
            "id": .string(did),
            "verificationMethod": [[
                "id": .string(methodID), "type": "JsonWebKey2020", "controller": .string(did),
                "publicKeyJwk": key.publicKey.jwk.json,
            ]],
            "assertionMethod": [.string(methodID)],
        ]
        let resolver = try DIDResolver(documents: [document])
        let signed = try signer(key, method: methodID).sign(try credentialV1(issuer: did), created: created)
        let result = try DataIntegrityVerifier(resolver: resolver, registry: CryptosuiteRegistry.standard.registeringLinkedDataSuites()).verify(signed)
        #expect(result.proofs.first?.verificationMethod.type == "JsonWebKey2020")
    }

    @Test("RDFC suites sign VC 1.1 (adding the Data Integrity context) and refuse undefined terms")
    func undefinedTermsAreRefused() throws {
        let key = SigningKey.generate(.ed25519)
        let signer = try signer(key, suite: "eddsa-rdfc-2022")
        var unsigned = try credentialV1(issuer: key.didKey)
        let signed = try signer.sign(unsigned, created: created)
        #expect(try verifier.verify(signed).proofs.first?.cryptosuite == "eddsa-rdfc-2022")

        unsigned["credentialSubject"]?["nickname"] = "Jo"
        let error = #expect(throws: DataIntegrityError.self) { try signer.sign(unsigned, created: created) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("\"nickname\" at $.credentialSubject.nickname"))
    }
}
