import Credentials
import Crypto
import Foundation
import JSONCanonical
import LinkedData
import LinkedDataSuites
import Testing
import TestSupport
import _CryptoExtras

@Suite("JsonWebSignature2020 with RSA: PS256 signed, PS256 and RS256 verified")
struct JsonWebSignature2020RSATests {
    static let did = "did:web:certbridge.example.org"
    static let created = Date(timeIntervalSince1970: 1_700_000_000)

    /// The shipped example credential, issued by `did:web:certbridge.example.org`, with the VC
    /// examples context added: its own terms (`CertifierCredential`, `email`…) are not in the base
    /// context, and JSON-LD signing refuses undefined terms rather than drop them.
    func example() throws -> JSONValue {
        var example = try JSONValue(parsing: Array(Data(contentsOf: SharedVectors.repositoryFile("Examples/credential-v2.json"))))
        example["@context"] = [.string(DataIntegrityContext.credentialsV2), "https://www.w3.org/ns/credentials/examples/v2"]
        return example
    }

    func verifier(for key: PublicKey) throws -> DataIntegrityVerifier {
        let document = try DIDWeb(parsing: Self.did).document(for: key)
        return DataIntegrityVerifier(
            resolver: try DIDResolver(documents: [document]), registry: CryptosuiteRegistry.standard.registeringLinkedDataSuites())
    }

    @Test("PS256 signs the example credential; it verifies, and a change to it does not")
    func ps256() throws {
        let key = try SigningKey.generateRSA(bits: 2048)
        #expect(CryptosuiteRegistry.defaultCryptosuite(for: .rsa) == JsonWebSignature2020.typeName)
        let signer = try DataIntegritySigner(
            key: key, verificationMethod: Self.did + "#key-1", cryptosuite: JsonWebSignature2020.typeName,
            registry: CryptosuiteRegistry.standard.registeringLinkedDataSuites())
        let signed = try signer.sign(try example(), created: Self.created)
        let jws = try #require(signed["proof"]?["jws"]?.stringValue)
        let header = String(decoding: try Base64URL.decode(String(jws.split(separator: ".", omittingEmptySubsequences: false)[0])), as: UTF8.self)
        #expect(header == #"{"alg":"PS256","b64":false,"crit":["b64"]}"#)
        let verifier = try verifier(for: key.publicKey)
        #expect(try verifier.verify(signed).proofs.first?.type == "JsonWebSignature2020")

        var tampered = signed
        tampered["credentialSubject"]?["name"] = "Mallory"
        #expect(throws: DataIntegrityError.invalidSignature(verificationMethod: Self.did + "#key-1")) { try verifier.verify(tampered) }
        // The same signature under an RS256 header is not accepted.
        var relabelled = signed
        let forged = Base64URL.encode(Array(#"{"alg":"RS256","b64":false,"crit":["b64"]}"#.utf8))
        relabelled["proof"]?["jws"] = .string(forged + ".." + jws.split(separator: ".", omittingEmptySubsequences: false)[2])
        #expect(throws: DataIntegrityError.self) { try verifier.verify(relabelled) }
    }

    @Test("an RS256 proof made with swift-crypto's PKCS#1 v1.5 directly verifies")
    func rs256() throws {
        let backing = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let publicKey = try PublicKey(type: .rsa, bytes: Array(backing.publicKey.pkcs1DERRepresentation))
        var document = try example()
        document["@context"] = [
            .string(DataIntegrityContext.credentialsV2), "https://www.w3.org/ns/credentials/examples/v2", .string(JsonWebSignature2020.context),
        ]
        var options: JSONObject = [
            "type": "JsonWebSignature2020", "created": "2023-11-14T22:13:20Z", "verificationMethod": .string(Self.did + "#key-1"),
            "proofPurpose": "assertionMethod",
        ]
        var withContext = options
        withContext["@context"] = document["@context"]
        let processor = JSONLDProcessor()
        let hashData = ProofDigest.sha256.hash(try processor.canonicalize(.object(withContext)).nquads)
            + ProofDigest.sha256.hash(try processor.canonicalize(document).nquads)
        let header = Base64URL.encode(Array(#"{"alg":"RS256","b64":false,"crit":["b64"]}"#.utf8))
        let input = Array(header.utf8) + [UInt8(ascii: ".")] + hashData
        let signature = try backing.signature(for: SHA256.hash(data: input), padding: .insecurePKCS1v1_5)
        options["jws"] = .string(header + ".." + Base64URL.encode(signature.rawRepresentation))
        document["proof"] = .object(options)
        #expect(try verifier(for: publicKey).verify(document).proofs.count == 1)
        document["validUntil"] = "2030-01-01T00:00:00Z"
        #expect(throws: DataIntegrityError.self) { try verifier(for: publicKey).verify(document) }
    }
}
