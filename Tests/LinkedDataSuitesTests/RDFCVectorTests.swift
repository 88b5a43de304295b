import Credentials
import Foundation
import JSONCanonical
import LinkedData
import LinkedDataSuites
import TestSupport
import Testing

/// One published RDFC suite vector set (unsigned input, proof options, every intermediate value).
struct RDFCVector: Sendable, CustomTestStringConvertible {
    var suite: String
    var folder: String
    var suffix: String
    var keyFile: String
    var keyField: String
    var digest: ProofDigest
    /// Whether the signature is deterministic (Ed25519) and must match byte for byte.
    var deterministic: Bool

    var testDescription: String { "\(suite) \(folder)\(suffix)" }

    static let all: [RDFCVector] = [
        .init(suite: "eddsa-rdfc-2022", folder: "eddsa-rdfc-2022/", suffix: "DataInt", keyFile: "eddsa-rdfc-2022/keyPair.json",
              keyField: "privateKeyMultibase", digest: .sha256, deterministic: true),
        .init(suite: "ecdsa-rdfc-2019", folder: "ecdsa-rdfc-2019/p256/", suffix: "ECDSAP256", keyFile: "ecdsa-rdfc-2019/p256KeyPair.json",
              keyField: "secretKeyMultibase", digest: .sha256, deterministic: false),
        .init(suite: "ecdsa-rdfc-2019", folder: "ecdsa-rdfc-2019/p384/", suffix: "ECDSAP384", keyFile: "ecdsa-rdfc-2019/p384KeyPair.json",
              keyField: "secretKeyMultibase", digest: .sha384, deterministic: false),
    ]

    var unsignedPath: String { suite == "eddsa-rdfc-2022" ? "eddsa-rdfc-2022/unsigned.json" : "ecdsa-rdfc-2019/unsigned.json" }
    func file(_ stem: String, _ ext: String = "txt") -> String { folder + stem + suffix + "." + ext }

    func key() throws -> SigningKey {
        try SigningKey(multikeySecret: string(vectorJSON(keyFile)[keyField], keyField))
    }
}

@Suite("RDFC cryptosuites: W3C vc-di-eddsa and vc-di-ecdsa vectors")
struct RDFCVectorTests {
    let verifier: DataIntegrityVerifier

    init() throws {
        verifier = DataIntegrityVerifier(resolver: try DIDResolver(), registry: CryptosuiteRegistry.standard.registeringLinkedDataSuites())
    }

    @Test("canonical forms, hashes and signature match", arguments: RDFCVector.all)
    func intermediateValues(_ vector: RDFCVector) throws {
        let form = RDFCanonicalForm()
        let unsigned = try vectorJSON(vector.unsignedPath)
        let options = try object(vectorJSON(vector.file("proofConfig", "json")), "proofConfig")
        let canonicalDocument = try form.canonicalize(unsigned, suite: vector.suite)
        let canonicalProof = try form.canonicalize(form.proofConfiguration(options, document: unsigned), suite: vector.suite)
        #expect(String(decoding: canonicalDocument, as: UTF8.self) == (try SharedVectors.text(vector.file("canonDoc"))))
        #expect(String(decoding: canonicalProof, as: UTF8.self) == (try SharedVectors.text(vector.file("proofCanon"))))
        #expect(hex(vector.digest.hash(canonicalDocument)) == (try vectorText(vector.file("docHash"))))
        #expect(hex(vector.digest.hash(canonicalProof)) == (try vectorText(vector.file("proofHash"))))
        let combined = try form.hashData(document: unsigned, proof: options, digest: vector.digest, suite: vector.suite)
        #expect(hex(combined) == (try vectorText(vector.file("combinedHash"))))
        let key = try vector.key()
        if vector.deterministic {
            let signature = try key.sign(combined)
            #expect(hex(signature) == (try vectorText(vector.file("sigHex"))))
            #expect(Multibase.encodeBase58BTC(signature) == (try vectorText(vector.file("sigBTC58"))))
        }
        let published = try Multibase.decodeBase58BTC(try vectorText(vector.file("sigBTC58")))
        #expect(key.publicKey.isValidSignature(published, for: combined))
    }

    @Test("the published signed credential verifies; a tampered copy does not", arguments: RDFCVector.all)
    func signedCredentialVerifies(_ vector: RDFCVector) throws {
        let signed = try vectorJSON(vector.file("signed", "json"))
        let result = try verifier.verify(signed)
        #expect(result.proofs.first?.cryptosuite == vector.suite)
        var tampered = signed
        tampered["credentialSubject"]?["alumniOf"] = "Another School"
        #expect(throws: DataIntegrityError.self) { try verifier.verify(tampered) }
    }

    @Test("signing unsigned.json reproduces signedDataInt.json exactly (eddsa-rdfc-2022)")
    func eddsaSignedCredential() throws {
        let vector = RDFCVector.all[0]
        let options = try object(vectorJSON(vector.file("proofConfig", "json")), "proofConfig")
        let created = try #require(ProofDate.parse(try string(options["created"], "created")))
        let signer = try DataIntegritySigner(
            key: try vector.key(), verificationMethod: try string(options["verificationMethod"], "verificationMethod"),
            cryptosuite: "eddsa-rdfc-2022", registry: CryptosuiteRegistry.standard.registeringLinkedDataSuites())
        let signed = try signer.sign(try vectorJSON(vector.unsignedPath), created: created)
        let expected = try vectorJSON(vector.file("signed", "json"))
        #expect(signed.compactString == expected.compactString)
    }

    @Test("ECDSA sign and verify round trip with the vector keys", arguments: Array(RDFCVector.all.dropFirst()))
    func ecdsaRoundTrip(_ vector: RDFCVector) throws {
        let key = try vector.key()
        let signer = try DataIntegritySigner(
            key: key, verificationMethod: key.didKeyVerificationMethod, cryptosuite: vector.suite, registry: CryptosuiteRegistry.standard.registeringLinkedDataSuites())
        let signed = try signer.sign(try vectorJSON(vector.unsignedPath), created: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(try verifier.verify(signed).proofs.count == 1)
    }

    @Test("eddsa-rdfc-2022 proof sets and proof chains verify", arguments: [
        "signedProofSet1.json", "signedProofSet2.json", "signedProofChain1.json", "signedProofChain2.json",
    ])
    func proofSetsAndChains(_ file: String) throws {
        let signed = try vectorJSON("eddsa-rdfc-2022/proof-set-chain/" + file)
        #expect(try verifier.verify(signed).proofs.count >= 1)
    }
}
