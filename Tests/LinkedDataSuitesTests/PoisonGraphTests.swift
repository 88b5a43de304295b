import Credentials
import Foundation
import JSONCanonical
import LinkedData
import LinkedDataSuites
import Testing

/// A credential whose subject links to a 10-node clique of blank nodes (the W3C poison graph).
private func poisonedCredential() -> JSONValue {
    let nodes = (0..<10).map { "_:n\($0)" }
    let clique: [JSONValue] = nodes.map { node in
        ["@id": .string(node), "https://ex.org/p": .array(nodes.filter { $0 != node }.map { ["@id": .string($0)] })]
    }
    return [
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
        "type": ["VerifiableCredential"], "issuer": "did:example:issuer",
        "credentialSubject": ["id": "did:example:subject", "knows": .array(clique)],
    ]
}

@Suite("poison graphs are stopped by the RDFC-1.0 work limit")
struct PoisonGraphTests {
    @Test("canonicalising the poisoned credential stops with workLimitExceeded")
    func processorStops() throws {
        #expect(throws: RDFCanonicalizationError.self) { try JSONLDProcessor().canonicalize(poisonedCredential()) }
    }

    @Test("signing it with eddsa-rdfc-2022 fails with a suite error naming the limit")
    func signerStops() throws {
        let key = SigningKey.generate(.ed25519)
        let signer = try DataIntegritySigner(
            key: key, verificationMethod: key.didKeyVerificationMethod, cryptosuite: "eddsa-rdfc-2022",
            registry: CryptosuiteRegistry.standard.registeringLinkedDataSuites())
        let error = #expect(throws: DataIntegrityError.self) { try signer.sign(poisonedCredential(), created: Date()) }
        #expect(error.map { "\($0)" }?.contains("poison graph") == true)
    }
}
