import Credentials
import Foundation
import JSONCanonical
import Testing

/// W3C vc-di-ecdsa test vectors for ecdsa-jcs-2019 with P-256 and P-384. ECDSA signatures are
/// randomised, so the published signatures are verified and our own are round-tripped.
@Suite("ecdsa-jcs-2019 W3C vectors")
struct ECDSAJCS2019VectorTests {
    struct Curve: Sendable, CustomTestStringConvertible {
        var name: String
        var keyType: KeyType
        var digest: ProofDigest
        var testDescription: String { name }

        var folder: String { "ecdsa-jcs-2019/\(name)/" }
        var suffix: String { "JCSECDSA\(name.uppercased())" }
        func file(_ stem: String, _ ext: String = "txt") -> String { folder + stem + suffix + "." + ext }
    }

    static let curves = [
        Curve(name: "p256", keyType: .p256, digest: .sha256),
        Curve(name: "p384", keyType: .p384, digest: .sha384),
    ]

    let suite = JCSCryptosuite.ecdsaJCS2019

    func keyPair(_ curve: Curve) throws -> (key: SigningKey, publicMultibase: String) {
        let pair = try vectorJSON("ecdsa-jcs-2019/\(curve.name)KeyPair.json")
        let key = try SigningKey(multikeySecret: try string(pair["secretKeyMultibase"], "secretKeyMultibase"))
        return (key, try string(pair["publicKeyMultibase"], "publicKeyMultibase"))
    }

    @Test("the secret key of the key pair yields its public key", arguments: curves)
    func keyPairMatches(curve: Curve) throws {
        let (key, publicMultibase) = try keyPair(curve)
        #expect(key.type == curve.keyType)
        #expect(key.publicKey.multikey == publicMultibase)
    }

    @Test("canonical document and proof configuration match", arguments: curves)
    func canonicalForms(curve: Curve) throws {
        let unsigned = try vectorJSON("ecdsa-jcs-2019/unsigned.json")
        let options = try object(try vectorJSON(curve.file("proofConfig", "json")), "proof configuration")
        #expect(String(decoding: suite.transform(unsigned), as: UTF8.self) == (try vectorText(curve.file("canonDoc"))))
        #expect(String(decoding: try suite.proofConfiguration(options), as: UTF8.self) == (try vectorText(curve.file("proofCanon"))))
    }

    @Test("document hash, proof hash and combined hash match", arguments: curves)
    func hashes(curve: Curve) throws {
        let unsigned = try vectorJSON("ecdsa-jcs-2019/unsigned.json")
        let options = try object(try vectorJSON(curve.file("proofConfig", "json")), "proof configuration")
        let document = suite.transform(unsigned)
        let configuration = try suite.proofConfiguration(options)
        #expect(ProofDigest(for: curve.keyType) == curve.digest)
        #expect(hex(curve.digest.hash(document)) == (try vectorText(curve.file("docHash"))))
        #expect(hex(curve.digest.hash(configuration)) == (try vectorText(curve.file("proofHash"))))
        let combined = suite.hashData(transformedDocument: document, proofConfiguration: configuration, digest: curve.digest)
        #expect(hex(combined) == (try vectorText(curve.file("combinedHash"))))
    }

    @Test("the published signature is valid for the combined hash and encodes to the published proofValue", arguments: curves)
    func publishedSignature(curve: Curve) throws {
        let signature = try #require(bytes(fromHex: try vectorText(curve.file("sigHex"))))
        let combined = try #require(bytes(fromHex: try vectorText(curve.file("combinedHash"))))
        let key = try keyPair(curve).key.publicKey
        #expect(key.isValidSignature(signature, for: combined))
        #expect(Multibase.encodeBase58BTC(signature) == (try vectorText(curve.file("sigBTC58"))))
        var tampered = combined
        tampered[0] ^= 1
        #expect(!key.isValidSignature(signature, for: tampered))
    }

    @Test("the published signed credential verifies", arguments: curves)
    func verifiesPublished(curve: Curve) throws {
        let verifier = DataIntegrityVerifier(resolver: try DIDResolver())
        let result = try verifier.verify(try vectorJSON(curve.file("signed", "json")))
        #expect(result.proofs.map(\.verificationMethod.publicKey.type) == [curve.keyType])
        #expect(result.proofs.first?.cryptosuite == "ecdsa-jcs-2019")
    }

    @Test("our signature round-trips and has the published shape", arguments: curves)
    func signRoundTrip(curve: Curve) throws {
        let options = try object(try vectorJSON(curve.file("proofConfig", "json")), "proof configuration")
        let created = try #require(ProofDate.parse(try string(options["created"], "created")))
        let signer = try DataIntegritySigner(
            key: try keyPair(curve).key, verificationMethod: try string(options["verificationMethod"], "verificationMethod"),
            cryptosuite: "ecdsa-jcs-2019")
        let signed = try signer.sign(try vectorJSON("ecdsa-jcs-2019/unsigned.json"), created: created)
        var withoutValue = try object(signed["proof"], "proof")
        withoutValue["proofValue"] = nil
        var published = try object(try vectorJSON(curve.file("signed", "json"))["proof"], "published proof")
        published["proofValue"] = nil
        #expect(JSONValue.object(withoutValue).compactString == JSONValue.object(published).compactString)
        let result = try DataIntegrityVerifier(resolver: try DIDResolver()).verify(signed)
        #expect(result.proofs.count == 1)
    }
}
