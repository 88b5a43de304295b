import Composition
import Credentials
import JSONCanonical
import LinkedData
import Testing
import TSGWallet

/// TSG's own signed examples (the shared library's `proofs.test.ts`, see the compatibility
/// document): they anchor our model of TSG's verifier and our opt-in suite to what TSG
/// really produces, and show that a W3C verifier rejects them.
@Suite("TSG's published DataIntegrityProof examples")
struct TSGPublishedVectorTests {
    static let did = "did:key:z6MkpsowBu74vFhAfuM2JipTgFNXemu2x5pQosnwZ5RtpPwz"
    static let method = did + "#z6MkpsowBu74vFhAfuM2JipTgFNXemu2x5pQosnwZ5RtpPwz"
    static let document: JSONValue = ["http://example.com/field": "value"]

    static func proof(_ suite: String, created: String, proofValue: String) -> JSONObject {
        [
            "created": .string(created), "cryptosuite": .string(suite), "proofPurpose": "assertionMethod",
            "proofValue": .string(proofValue), "type": "DataIntegrityProof", "verificationMethod": .string(method),
        ]
    }

    static let jcs = proof(
        "eddsa-jcs-2022", created: "2025-07-23T20:59:10.787Z",
        proofValue: "z3f3bQLt79o87hpXSUzWYy1bVaLQLBeU9Aj6b7BHPmuL7vhmZu8wx2kvUQU3Y8PHNVKtahcQQQHyxcTfYq3tJquSe")
    static let rdfc = proof(
        "eddsa-rdfc-2022", created: "2025-07-23T20:54:06.568Z",
        proofValue: "z2u1DuYoxvnDu5MU3UdCqhbwbQecV6FKTsd1ivyYjkURtcmDNPV1Dn92yjz1uxw9aWd3DHjRSVkhvr7WrLAFGxpwb")

    func signed(_ proof: JSONObject) -> JSONValue {
        var document = Self.document
        document["proof"] = .object(proof)
        return document
    }

    func tsg(_ generation: TSGReferenceVerifier.Generation) throws -> TSGReferenceVerifier {
        TSGReferenceVerifier(generation: generation, didDocuments: [Self.did: try DIDKey.resolve(Self.did)], contexts: .bundled)
    }

    @Test("the model of TSG's current verifier accepts both examples; the hex-payload generation does not")
    func modelAcceptsTSGOutput() throws {
        for proof in [Self.jcs, Self.rdfc] {
            #expect(throws: Never.self) { try tsg(.hashBytes).verifyCredential(signed(proof)) }
            #expect(throws: Never.self) { try tsg(.dataIntegrityOnly).verifyCredential(signed(proof)) }
            #expect(throws: TSGReferenceVerifier.Rejection.self) { try tsg(.hexPayload).verifyCredential(signed(proof)) }
        }
    }

    @Test("a changed field or proof option makes the model reject the example")
    func modelRejectsChanges() throws {
        var changedDocument = signed(Self.jcs)
        changedDocument["http://example.com/field"] = "other"
        #expect(throws: TSGReferenceVerifier.Rejection.self) { try tsg(.hashBytes).verifyCredential(changedDocument) }
        var changedProof = Self.jcs
        changedProof["created"] = "2025-07-23T20:59:10.788Z"
        #expect(throws: TSGReferenceVerifier.Rejection.self) { try tsg(.hashBytes).verifyCredential(signed(changedProof)) }
    }

    @Test("our opt-in TSG suite verifies TSG's JCS example; the W3C eddsa-jcs-2022 suite rejects it")
    func suites() throws {
        let key = try DIDKey.publicKey(from: Self.did)
        #expect(throws: Never.self) { try TSGJWSCryptosuite.eddsaJCS2022.verifyProof(Self.jcs, document: Self.document, publicKey: key) }
        #expect(throws: DataIntegrityError.self) { try JCSCryptosuite.eddsaJCS2022.verifyProof(Self.jcs, document: Self.document, publicKey: key) }
        let standard = DataIntegrityVerifier(resolver: try DIDResolver())
        #expect(throws: DataIntegrityError.self) { _ = try standard.verify(signed(Self.jcs)) }
        let tsgRegistry = DataIntegrityVerifier(resolver: try DIDResolver(), registry: Cryptosuites.verifierRegistry(tsgForm: true))
        #expect(throws: Never.self) { _ = try tsgRegistry.verify(signed(Self.jcs)) }
    }

    /// TSG's test signing key (`sign.test.ts` of the same library); its public key is the
    /// did:key of the examples, and Ed25519 is deterministic.
    static let testKeySeed = "r3i3AEII1Cv97rOIaNifsyw0OSJ1tzY1giR-lgMjCMo"

    @Test("our opt-in TSG suite reproduces TSG's JCS proofValue byte for byte from TSG's test key")
    func reproducesProofValue() throws {
        let key = try SigningKey(type: .ed25519, privateBytes: try Base64URL.decode(Self.testKeySeed))
        #expect(key.publicKey.didKey == Self.did)
        var options = Self.jcs
        options["proofValue"] = nil
        let proof = try TSGJWSCryptosuite.eddsaJCS2022.createProof(document: Self.document, options: options, key: key)
        #expect(proof["proofValue"] == Self.jcs["proofValue"])
        #expect(proof["@context"] == nil)
    }
}
