import Credentials
import Foundation
import JSONCanonical
import Testing

/// W3C vc-di-eddsa test vectors for eddsa-jcs-2022, every intermediate value byte for byte.
@Suite("eddsa-jcs-2022 W3C vectors")
struct EdDSAJCS2022VectorTests {
    let suite = JCSCryptosuite.eddsaJCS2022
    let folder = "eddsa-jcs-2022/"

    func keyPair() throws -> (key: SigningKey, publicMultibase: String) {
        let pair = try vectorJSON(folder + "keyPair.json")
        let key = try SigningKey(multikeySecret: try string(pair["privateKeyMultibase"], "privateKeyMultibase"))
        return (key, try string(pair["publicKeyMultibase"], "publicKeyMultibase"))
    }

    @Test("the private key of keyPair.json yields its public key")
    func keyPairMatches() throws {
        let (key, publicMultibase) = try keyPair()
        #expect(key.type == .ed25519)
        #expect(key.publicKey.multikey == publicMultibase)
    }

    @Test("canonical document equals canonDocJCS.txt")
    func canonicalDocument() throws {
        let unsigned = try vectorJSON(folder + "unsigned.json")
        #expect(String(decoding: suite.transform(unsigned), as: UTF8.self) == (try vectorText(folder + "canonDocJCS.txt")))
    }

    @Test("canonical proof configuration equals proofCanonJCS.txt")
    func canonicalProofConfiguration() throws {
        let options = try object(try vectorJSON(folder + "proofConfigJCS.json"), "proofConfigJCS.json")
        let canonical = try suite.proofConfiguration(options)
        #expect(String(decoding: canonical, as: UTF8.self) == (try vectorText(folder + "proofCanonJCS.txt")))
    }

    @Test("document hash, proof hash, combined hash, signature and proofValue match")
    func hashesAndSignature() throws {
        let unsigned = try vectorJSON(folder + "unsigned.json")
        let options = try object(try vectorJSON(folder + "proofConfigJCS.json"), "proofConfigJCS.json")
        let document = suite.transform(unsigned)
        let configuration = try suite.proofConfiguration(options)
        #expect(hex(ProofDigest.sha256.hash(document)) == (try vectorText(folder + "docHashJCS.txt")))
        #expect(hex(ProofDigest.sha256.hash(configuration)) == (try vectorText(folder + "proofHashJCS.txt")))
        let combined = suite.hashData(transformedDocument: document, proofConfiguration: configuration, digest: .sha256)
        #expect(hex(combined) == (try vectorText(folder + "combinedHashJCS.txt")))
        let signature = try keyPair().key.sign(combined)
        #expect(hex(signature) == (try vectorText(folder + "sigHexJCS.txt")))
        #expect(Multibase.encodeBase58BTC(signature) == (try vectorText(folder + "sigBTC58JCS.txt")))
    }

    @Test("signing unsigned.json with the vector key and time gives signedJCS.json, member order included")
    func signedCredential() throws {
        let options = try object(try vectorJSON(folder + "proofConfigJCS.json"), "proofConfigJCS.json")
        let created = try #require(ProofDate.parse(try string(options["created"], "created")))
        let signer = try DataIntegritySigner(
            key: try keyPair().key, verificationMethod: try string(options["verificationMethod"], "verificationMethod"))
        let signed = try signer.sign(try vectorJSON(folder + "unsigned.json"), created: created)
        let expected = try vectorJSON(folder + "signedJCS.json")
        #expect(signed == expected)
        #expect(signed.compactString == expected.compactString)
    }

    @Test("signedJCS.json verifies against its did:key")
    func verifiesPublished() throws {
        let verifier = DataIntegrityVerifier(resolver: try DIDResolver())
        let result = try verifier.verify(try vectorJSON(folder + "signedJCS.json"))
        #expect(result.proofs.count == 1)
        #expect(result.proofs.first?.cryptosuite == "eddsa-jcs-2022")
        #expect(result.controllers == ["did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"])
        #expect(result.document == (try vectorJSON(folder + "unsigned.json")))
    }
}
