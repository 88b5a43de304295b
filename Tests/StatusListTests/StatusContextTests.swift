import Credentials
import Foundation
import JSONCanonical
import LinkedData
import LinkedDataSuites
import StatusList
import Testing

@Suite("Bitstring Status List context: VC 1.1 status entries sign with the RDF suites")
struct StatusContextTests {
    func credential(contexts: [JSONValue]) -> JSONValue {
        [
            "@context": .array(["https://www.w3.org/2018/credentials/v1"] + contexts),
            "id": "https://certbridge.example.org/credentials/1", "type": ["VerifiableCredential"],
            "issuer": "did:web:certbridge.example.org", "issuanceDate": "2026-12-01T00:00:00Z",
            "credentialSubject": ["id": "did:example:holder"],
            "credentialStatus": StatusListEntry(
                purpose: .revocation, index: 5, listCredential: "https://certbridge.example.org/status/revocation-1"
            ).json,
        ]
    }

    @Test("with the bundled status/v1 context the entry is signed (eddsa-rdfc-2022) and verifies; without it, the term is named")
    func statusContext() throws {
        let key = SigningKey.generate(.ed25519)
        let registry = CryptosuiteRegistry.standard.registeringLinkedDataSuites()
        let signer = try DataIntegritySigner(
            key: key, verificationMethod: key.didKeyVerificationMethod, cryptosuite: "eddsa-rdfc-2022", registry: registry)
        let signed = try signer.sign(
            credential(contexts: [.string(StatusListCredential.statusContextV1), "https://w3id.org/security/data-integrity/v2"]), created: Date())
        _ = try DataIntegrityVerifier(resolver: try DIDResolver(), registry: registry).verify(signed)
        // The status terms are part of what the proof covers: changing the index breaks it.
        var tampered = signed.objectValue ?? [:]
        var status = tampered["credentialStatus"]?.objectValue ?? [:]
        status["statusListIndex"] = "6"
        tampered["credentialStatus"] = JSONValue.object(status)
        #expect(throws: DataIntegrityError.self) {
            try DataIntegrityVerifier(resolver: try DIDResolver(), registry: registry).verify(.object(tampered))
        }
        #expect {
            try signer.sign(credential(contexts: ["https://w3id.org/security/data-integrity/v2"]), created: Date())
        } throws: { error in
            "\(error)".contains("credentialStatus") || "\(error)".contains("BitstringStatusListEntry")
        }
    }
}
