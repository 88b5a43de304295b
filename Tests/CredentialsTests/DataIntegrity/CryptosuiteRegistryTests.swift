import Credentials
import Foundation
import JSONCanonical
import Testing

/// A suite with its own proof type and a `jws`-like member, as JsonWebSignature2020 has: it
/// plugs into the registry and the unchanged signer and verifier use it.
struct DetachedTestSuite: Cryptosuite {
    let name = "TestDetachedSignature2024"
    var proofType: String { name }
    let supportedKeyTypes: [KeyType] = [.ed25519, .p256]

    func requiredContext(for documentContexts: [String]) -> String? {
        documentContexts.contains("https://example.org/test-suite/v1") ? nil : "https://example.org/test-suite/v1"
    }

    func createProof(document: JSONValue, options: JSONObject, key: SigningKey) throws(DataIntegrityError) -> JSONObject {
        var proof = options
        do {
            proof["signatureValue"] = .string(Base64URL.encode(try key.sign(Self.message(document, proof))))
        } catch {
            throw .signingFailed(error)
        }
        return proof
    }

    func verifyProof(_ proof: JSONObject, document: JSONValue, publicKey: PublicKey) throws(DataIntegrityError) {
        let encoded = try ProofFields.string("signatureValue", in: proof)
        guard let signature = try? Base64URL.decode(encoded) else {
            throw .malformedProofField("signatureValue", reason: "not base64url")
        }
        var options = proof
        options["signatureValue"] = nil
        guard publicKey.isValidSignature(signature, for: Self.message(document, options)) else {
            throw .invalidSignature(verificationMethod: proof["verificationMethod"]?.stringValue ?? "")
        }
    }

    static func message(_ document: JSONValue, _ options: JSONObject) -> [UInt8] {
        JSONValue.object(options).canonicalBytes + [0] + document.canonicalBytes
    }
}

@Suite("cryptosuite registry")
struct CryptosuiteRegistryTests {
    let credential: JSONValue = ["@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "credentialSubject": ["a": 1]]

    @Test("the standard registry holds the two JCS suites")
    func standard() {
        #expect(CryptosuiteRegistry.standard.names == ["ecdsa-jcs-2019", "eddsa-jcs-2022"])
        #expect(CryptosuiteRegistry.defaultCryptosuite(for: .ed25519) == "eddsa-jcs-2022")
        #expect(CryptosuiteRegistry.defaultCryptosuite(for: .p384) == "ecdsa-jcs-2019")
    }

    @Test("a registered suite with its own proof type signs and verifies through the same API")
    func customSuite() throws {
        let registry = CryptosuiteRegistry.standard.registering(DetachedTestSuite())
        let key = SigningKey.generate(.p256)
        let signer = try DataIntegritySigner(
            key: key, verificationMethod: key.didKeyVerificationMethod, cryptosuite: "TestDetachedSignature2024", registry: registry)
        let signed = try signer.sign(credential, created: fixedDate)
        #expect(signed["proof"]?["type"] == "TestDetachedSignature2024")
        #expect(signed["proof"]?["cryptosuite"] == nil)
        #expect(signed["@context"]?[1] == "https://example.org/test-suite/v1")
        let result = try DataIntegrityVerifier(resolver: try DIDResolver(), registry: registry).verify(signed)
        #expect(result.proofs.first?.type == "TestDetachedSignature2024")
        #expect(throws: DataIntegrityError.unknownProofType("TestDetachedSignature2024", known: [])) {
            try DataIntegrityVerifier(resolver: try DIDResolver()).verify(signed)
        }
        var tampered = signed
        tampered["credentialSubject"]?["a"] = 2
        #expect(throws: DataIntegrityError.invalidSignature(verificationMethod: key.didKeyVerificationMethod)) {
            try DataIntegrityVerifier(resolver: try DIDResolver(), registry: registry).verify(tampered)
        }
    }

    @Test("a suite's own proof type cannot be used as a DataIntegrityProof cryptosuite")
    func typeSeparation() throws {
        let registry = CryptosuiteRegistry.standard.registering(DetachedTestSuite())
        let key = SigningKey.generate(.ed25519)
        var signed = try DataIntegritySigner(key: key, verificationMethod: key.didKeyVerificationMethod, registry: registry)
            .sign(credential, created: fixedDate)
        signed["proof"]?["cryptosuite"] = "TestDetachedSignature2024"
        #expect(throws: DataIntegrityError.unknownCryptosuite("TestDetachedSignature2024", known: ["ecdsa-jcs-2019", "eddsa-jcs-2022"])) {
            try DataIntegrityVerifier(resolver: try DIDResolver(), registry: registry).verify(signed)
        }
    }
}
