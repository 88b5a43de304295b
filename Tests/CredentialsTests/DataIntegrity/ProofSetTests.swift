import Credentials
import Foundation
import JSONCanonical
import Testing

/// Proof sets, VC 1.1 contexts and the proof placement rules of the signer.
@Suite("proof sets and VC data model versions")
struct ProofSetTests {
    let credential11: JSONValue = [
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "id": "https://certbridge.example.org/credentials/1",
        "type": ["VerifiableCredential"],
        "issuer": "did:example:issuer",
        "issuanceDate": "2024-01-01T00:00:00Z",
        "credentialSubject": ["id": "did:example:subject"],
    ]

    @Test("a VC 1.1 credential gets the Data Integrity v2 context appended, and verifies")
    func vc11() throws {
        let key = SigningKey.generate(.ed25519)
        let signed = try DataIntegritySigner(key: key, verificationMethod: key.didKeyVerificationMethod).sign(credential11, created: fixedDate)
        #expect(signed["@context"] == ["https://www.w3.org/2018/credentials/v1", "https://w3id.org/security/data-integrity/v2"])
        #expect(signed["proof"]?["@context"] == signed["@context"])
        #expect(try DataIntegrityVerifier(resolver: try DIDResolver()).verify(signed).proofs.count == 1)
    }

    @Test("a lone VC 1.1 context string becomes a list; an existing DI context is not doubled")
    func contextForms() throws {
        let key = SigningKey.generate(.p384)
        let signer = try DataIntegritySigner(key: key, verificationMethod: key.didKeyVerificationMethod, cryptosuite: "ecdsa-jcs-2019")
        var single = credential11
        single["@context"] = "https://www.w3.org/2018/credentials/v1"
        #expect(try signer.sign(single, created: fixedDate)["@context"]?.arrayValue?.count == 2)
        var already = credential11
        already["@context"] = ["https://www.w3.org/2018/credentials/v1", "https://w3id.org/security/data-integrity/v2"]
        #expect(try signer.sign(already, created: fixedDate)["@context"] == already["@context"])
    }

    @Test("VC 2.0 contexts are left alone; created is UTC whole seconds")
    func vc20() throws {
        let key = SigningKey.generate(.ed25519)
        let document: JSONValue = ["@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"]]
        let signed = try DataIntegritySigner(key: key, verificationMethod: key.didKeyVerificationMethod)
            .sign(document, created: Date(timeIntervalSince1970: 1_700_000_000.75))
        #expect(signed["@context"] == document["@context"])
        #expect(signed["proof"]?["created"] == "2023-11-14T22:13:20Z")
    }

    @Test("signing again appends: a proof set of two keys, each verified")
    func proofSet() throws {
        let first = SigningKey.generate(.ed25519)
        let second = SigningKey.generate(.p256)
        let once = try DataIntegritySigner(key: first, verificationMethod: first.didKeyVerificationMethod).sign(credential11, created: fixedDate)
        #expect(once["proof"]?.objectValue != nil)
        let twice = try DataIntegritySigner(key: second, verificationMethod: second.didKeyVerificationMethod, cryptosuite: "ecdsa-jcs-2019")
            .sign(once, created: fixedDate)
        #expect(twice["proof"]?.arrayValue?.count == 2)
        #expect(twice["proof"]?[0] == once["proof"])
        let thrice = try DataIntegritySigner(key: first, verificationMethod: first.didKeyVerificationMethod).sign(twice, created: fixedDate)
        #expect(thrice["proof"]?.arrayValue?.count == 3)
        let result = try DataIntegrityVerifier(resolver: try DIDResolver()).verify(thrice)
        #expect(result.proofs.map(\.verificationMethod.publicKey.type) == [.ed25519, .p256, .ed25519])
        #expect(result.controllers == [first.didKey, second.didKey])
    }

    @Test("one bad proof in a set fails the whole document and is named by position")
    func proofSetFailure() throws {
        let first = SigningKey.generate(.ed25519)
        let second = SigningKey.generate(.ed25519)
        var document = try DataIntegritySigner(key: first, verificationMethod: first.didKeyVerificationMethod).sign(credential11, created: fixedDate)
        document = try DataIntegritySigner(key: second, verificationMethod: second.didKeyVerificationMethod).sign(document, created: fixedDate)
        guard case .array(var proofs)? = document["proof"] else {
            Issue.record("expected a proof list")
            return
        }
        proofs[1]["proofPurpose"] = "authentication"
        document["proof"] = .array(proofs)
        let verifier = DataIntegrityVerifier(resolver: try DIDResolver())
        do {
            _ = try verifier.verify(document, expectedProofPurpose: "assertionMethod")
            Issue.record("a proof set with a wrong purpose must fail")
        } catch {
            #expect(error == .inProof(index: 1, count: 2, .wrongProofPurpose(expected: "assertionMethod", found: "authentication")))
            #expect(error.description.hasPrefix("proof 2 of 2: "))
        }
    }

    @Test("a document with proofs that lacks the DI context cannot be given one more")
    func contextWouldBreakProofs() throws {
        let key = SigningKey.generate(.ed25519)
        var document = credential11
        document["proof"] = ["type": "Ed25519Signature2020", "proofValue": "z1"]
        #expect(throws: DataIntegrityError.missingDataIntegrityContext("https://w3id.org/security/data-integrity/v2")) {
            try DataIntegritySigner(key: key, verificationMethod: key.didKeyVerificationMethod).sign(document, created: fixedDate)
        }
    }

    @Test("a chained proof covers the proof it names in previousProof")
    func proofChain() throws {
        let key = SigningKey.generate(.ed25519)
        let suite = JCSCryptosuite.eddsaJCS2022
        func options(_ extra: JSONObject) -> JSONObject {
            var options: JSONObject = [
                "type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022", "created": "2024-01-02T00:00:00Z",
                "verificationMethod": .string(key.didKeyVerificationMethod), "proofPurpose": "assertionMethod",
            ]
            for member in extra { options[member.key] = member.value }
            return options
        }
        let first = try suite.createProof(document: credential11, options: options(["id": "urn:proof:1"]), key: key)
        var covered = credential11
        covered["proof"] = [.object(first)]
        let second = try suite.createProof(document: covered, options: options(["previousProof": "urn:proof:1"]), key: key)
        var chained = credential11
        chained["proof"] = [.object(first), .object(second)]
        let verifier = DataIntegrityVerifier(resolver: try DIDResolver())
        #expect(try verifier.verify(chained).proofs.count == 2)
        // Signed over the document alone, the second proof does not verify as a chained one.
        let unchained = try suite.createProof(document: credential11, options: options(["previousProof": "urn:proof:1"]), key: key)
        chained["proof"] = [.object(first), .object(unchained)]
        #expect(throws: DataIntegrityError.inProof(index: 1, count: 2, .invalidSignature(verificationMethod: key.didKeyVerificationMethod))) {
            try verifier.verify(chained)
        }
        let dangling = try suite.createProof(document: covered, options: options(["previousProof": "urn:proof:missing"]), key: key)
        chained["proof"] = [.object(first), .object(dangling)]
        #expect(throws: DataIntegrityError.inProof(index: 1, count: 2, .previousProofNotFound("urn:proof:missing"))) {
            try verifier.verify(chained)
        }
    }
}

@Suite("issuer and signer")
struct IssuerSignerTests {
    @Test("isSignedByIssuer compares the issuer DID with the proofs' controllers")
    func issuerMatch() throws {
        let key = SigningKey.generate(.ed25519)
        let web = try DIDWeb(parsing: "issuer.example")
        let resolver = try DIDResolver(documents: [web.document(for: key.publicKey)])
        var credential: JSONValue = [
            "@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
            "issuer": ["id": .string(web.did), "name": "Issuer"], "credentialSubject": ["id": "did:example:s"],
        ]
        let byIssuer = try DataIntegritySigner(key: key, verificationMethod: web.did + "#key-1").sign(credential, created: fixedDate)
        #expect(try DataIntegrityVerifier(resolver: resolver).verify(byIssuer).isSignedByIssuer == true)
        let byOther = try DataIntegritySigner(key: key, verificationMethod: key.didKeyVerificationMethod).sign(credential, created: fixedDate)
        let result = try DataIntegrityVerifier(resolver: resolver).verify(byOther)
        #expect(result.isSignedByIssuer == false)
        #expect(result.issuerDID == web.did)
        credential["issuer"] = "https://issuer.example"
        let plain = try DataIntegritySigner(key: key, verificationMethod: key.didKeyVerificationMethod).sign(credential, created: fixedDate)
        #expect(try DataIntegrityVerifier(resolver: resolver).verify(plain).isSignedByIssuer == nil)
    }
}
