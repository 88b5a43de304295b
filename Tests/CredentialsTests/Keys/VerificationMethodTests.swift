import Credentials
import Testing

@Suite("the verification method that names a signing key")
struct VerificationMethodTests {
    @Test("a did:key issuer uses the did:key method; a did:web issuer the key's kid, else key-1")
    func derivation() {
        var key = SigningKey.generate(.ed25519)
        #expect(key.verificationMethod(forIssuer: key.didKey) == key.didKeyVerificationMethod)
        #expect(key.verificationMethod(forIssuer: "did:web:example.org") == "did:web:example.org#key-1")
        key.keyID = "signing-2026"
        #expect(key.verificationMethodFragment == "signing-2026")
        #expect(key.verificationMethod(forIssuer: "did:web:example.org") == "did:web:example.org#signing-2026")
    }

    @Test("the did:web document publishes the method the signer names")
    func documentAgrees() throws {
        var key = SigningKey.generate(.p384)
        key.keyID = "k2"
        let web = try DIDWeb(parsing: "example.org:issuers:1")
        let document = web.document(for: key.publicKey, fragment: key.verificationMethodFragment)
        let resolved = try DIDDocument.resolve(key.verificationMethod(forIssuer: web.did), in: document)
        #expect(resolved.publicKey == key.publicKey)
    }
}
