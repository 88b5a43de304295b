import Credentials
import Foundation
import JSONCanonical
import Testing

/// A proof's `@context` stands for the document's: equal ones are left as they are, a shorter
/// prefix replaces the document's for verification.
@Suite struct ProofContextTests {
    static let v2 = "https://www.w3.org/ns/credentials/v2"
    static let examples = "https://www.w3.org/ns/credentials/examples/v2"

    func signed() throws -> (JSONValue, DataIntegrityVerifier) {
        let key = SigningKey.generate(.ed25519)
        let signer = try DataIntegritySigner(key: key, verificationMethod: key.didKeyVerificationMethod)
        let document: JSONValue = ["@context": [.string(Self.v2)], "id": "urn:uuid:4", "type": ["VerifiableCredential"]]
        return (try signer.sign(document, created: fixedDate), DataIntegrityVerifier(resolver: try DIDResolver()))
    }

    @Test func aDocumentWithContextsAddedAfterSigningVerifiesWithTheProofsPrefix() throws {
        var (document, verifier) = try signed()
        #expect(throws: Never.self) { try verifier.verify(document) }
        document["@context"] = [.string(Self.v2), .string(Self.examples)]
        // Signed over [v2] alone: this verifies only if the proof's context replaces the document's.
        #expect(throws: Never.self) { try verifier.verify(document) }
    }

    @Test func aContextThatIsNotThePrefixFails() throws {
        var (document, verifier) = try signed()
        document["@context"] = [.string(Self.examples), .string(Self.v2)]
        #expect(throws: DataIntegrityError.self) { try verifier.verify(document) }
    }
}
