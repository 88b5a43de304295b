import Credentials
import JSONCanonical
import Testing

@Suite("did:web")
struct DIDWebTests {
    @Test("DIDs map to did.json URLs", arguments: [
        ("did:web:example.org", "https://example.org/.well-known/did.json"),
        ("did:web:example.org:issuers:1", "https://example.org/issuers/1/did.json"),
        ("did:web:localhost%3A8443", "https://localhost:8443/.well-known/did.json"),
        ("did:web:localhost%3A8443:u:alice", "https://localhost:8443/u/alice/did.json"),
    ])
    func documentURL(did: String, url: String) throws {
        let web = try DIDWeb(parsing: did)
        #expect(web.documentURL == url)
        #expect(web.did == did)
    }

    @Test("short and URL forms parse to the same DID")
    func inputForms() throws {
        #expect(try DIDWeb(parsing: "example.org:issuers:1").did == "did:web:example.org:issuers:1")
        #expect(try DIDWeb(parsing: "https://Example.org/issuers/1/did.json").did == "did:web:example.org:issuers:1")
        #expect(try DIDWeb(parsing: "https://example.org:8443/.well-known/did.json").did == "did:web:example.org%3A8443")
        #expect(try DIDWeb(host: "example.org", port: 3000, path: ["a"]).did == "did:web:example.org%3A3000:a")
    }

    @Test("malformed did:web values are refused with a reason")
    func invalid() {
        #expect(throws: DIDError.self) { try DIDWeb(parsing: "did:web:") }
        #expect(throws: DIDError.self) { try DIDWeb(parsing: "did:web:exa mple.org") }
        #expect(throws: DIDError.self) { try DIDWeb(parsing: "did:web:example.org::x") }
        #expect(throws: DIDError.self) { try DIDWeb(parsing: "did:web:example.org%3Aport") }
        #expect(throws: DIDError.self) { try DIDWeb(host: "example.org", port: 70000) }
    }

    @Test("the did.json publishes a JsonWebKey with alg under #key-1 and resolves offline", arguments: KeyType.allCases)
    func document(type: KeyType) throws {
        let key = SigningKey.generate(type)
        let web = try DIDWeb(parsing: "example.org:issuers:1")
        let document = web.document(for: key.publicKey)
        let method = try object(document["verificationMethod"]?[0], "verificationMethod[0]")
        #expect(method["id"]?.stringValue == "did:web:example.org:issuers:1#key-1")
        #expect(method["type"]?.stringValue == "JsonWebKey")
        #expect(method["publicKeyJwk"]?["alg"]?.stringValue == type.algorithm)
        #expect(method["publicKeyJwk"]?["d"] == nil)
        #expect(document["@context"]?[1]?.stringValue == "https://w3id.org/security/jwk/v1")
        let resolver = try DIDResolver(documents: [document])
        let resolved = try resolver.resolve("did:web:example.org:issuers:1#key-1")
        #expect(resolved.publicKey == key.publicKey)
        #expect(resolved.relationships.isSuperset(of: ["assertionMethod", "authentication"]))
        #expect(throws: DIDError.verificationMethodNotFound("did:web:example.org:issuers:1#key-2", document: web.did)) {
            try resolver.resolve("did:web:example.org:issuers:1#key-2")
        }
    }

    @Test("a Multikey did.json resolves too, and relative references count")
    func multikeyDocument() throws {
        let key = SigningKey.generate(.ed25519)
        var document = try DIDWeb(parsing: "example.org").document(for: key.publicKey, format: .multikey)
        document["assertionMethod"] = ["#key-1"]
        let resolved = try DIDResolver(documents: [document]).resolve("did:web:example.org#key-1")
        #expect(resolved.type == "Multikey")
        #expect(resolved.publicKey == key.publicKey)
        #expect(resolved.relationships.contains("assertionMethod"))
    }

    @Test("a did:web without a supplied document names what to pass")
    func notSupplied() throws {
        #expect(throws: DIDError.documentNotSupplied("did:web:example.org")) {
            try DIDResolver().resolve("did:web:example.org#key-1")
        }
    }
}
