import Credentials
import JSONCanonical
import Testing

/// w3c-ccg/did-method-key vectors: the DID, method ids and keys derived from the private keys.
/// The vectors' documents use older method types (Ed25519VerificationKey2018, JsonWebKey2020);
/// ours use Multikey, so ids, key bytes and JWKs are compared, not whole documents.
@Suite("did:key vectors")
struct DIDKeyVectorTests {
    static func entries(_ file: String) throws -> [(did: String, vector: JSONObject)] {
        try object(try vectorJSON("did-key/" + file), file).members.map { member in
            (member.key, try object(member.value, member.key))
        }
    }

    @Test("Ed25519 seeds give the published DIDs, method ids and base58 keys")
    func ed25519() throws {
        let entries = try Self.entries("ed25519-x25519.json")
        #expect(entries.count == 5)
        for (did, vector) in entries {
            let seed = try #require(bytes(fromHex: try string(vector["seed"], "seed")))
            let key = try SigningKey(type: .ed25519, privateBytes: seed)
            #expect(key.didKey == did)
            let document = try object(vector["didDocument"], "didDocument")
            let published = try object(document["verificationMethod"]?[0], "verificationMethod[0]")
            #expect(key.didKeyVerificationMethod == (try string(published["id"], "id")))
            #expect(document["assertionMethod"]?[0]?.stringValue == key.didKeyVerificationMethod)
            if let base58 = published["publicKeyBase58"]?.stringValue {
                #expect(Base58BTC.encode(key.publicKey.keyBytes) == base58)
            }
            if let jwk = published["publicKeyJwk"] {
                #expect(key.publicKey.jwk.publicJWK.x == (try JWK(json: jwk)).x)
            }
            let resolved = try DIDKey.publicKey(from: did)
            #expect(resolved == key.publicKey)
        }
    }

    @Test("a private JWK from the Ed25519 vectors loads to the same DID")
    func ed25519PrivateJWK() throws {
        let withJWK = try Self.entries("ed25519-x25519.json").filter { $0.vector["verificationKeyPair"]?["privateKeyJwk"] != nil }
        #expect(withJWK.count == 1)
        for (did, vector) in withJWK {
            let key = try SigningKey(jwk: try JWK(json: try #require(vector["verificationKeyPair"]?["privateKeyJwk"])))
            #expect(key.didKey == did)
        }
    }

    @Test("P-256 and P-384 private JWKs give the published DIDs and public JWKs; P-521 is refused clearly")
    func nistCurves() throws {
        var checked = 0
        for (did, vector) in try Self.entries("nist-curves.json") {
            let method = try object(vector["verificationMethod"], "verificationMethod")
            if let privateBase58 = method["privateKeyBase58"]?.stringValue {
                // The P256Key2021 entry publishes raw base58 keys: the compressed point and the scalar.
                let key = try SigningKey(type: .p256, privateBytes: try Base58BTC.decode(privateBase58))
                #expect(key.didKey == did)
                #expect(Base58BTC.encode(key.publicKey.keyBytes) == method["publicKeyBase58"]?.stringValue)
                #expect(key.didKeyVerificationMethod == method["id"]?.stringValue)
                checked += 1
                continue
            }
            let privateJWK = try JWK(json: try #require(method["privateKeyJwk"]))
            let publicJWK = try JWK(json: try #require(method["publicKeyJwk"]))
            if privateJWK.curve == "P-521" {
                #expect(throws: KeyError.unsupportedCurve("P-521")) { try SigningKey(jwk: privateJWK) }
                #expect(throws: DIDError.invalidDIDKey(did, .unsupportedMulticodec("p521-pub"))) { try DIDKey.publicKey(from: did) }
                continue
            }
            let key = try SigningKey(jwk: privateJWK)
            #expect(key.didKey == did)
            #expect(key.publicKey.jwk.x == publicJWK.x)
            #expect(key.publicKey.jwk.y == publicJWK.y)
            let document = try object(vector["didDocument"], "didDocument")
            #expect(key.didKeyVerificationMethod == document["verificationMethod"]?[0]?["id"]?.stringValue)
            let resolved = try DIDKey.publicKey(from: did)
            #expect(resolved.jwk.x == publicJWK.x && resolved.jwk.y == publicJWK.y)
            checked += 1
        }
        #expect(checked == 5)
    }

    @Test("a did:key resolves to a Multikey document listing the key for assertions")
    func resolution() throws {
        let key = SigningKey.generate(.p256)
        let document = try DIDKey.resolve(key.didKey)
        #expect(document["id"]?.stringValue == key.didKey)
        #expect(document["verificationMethod"]?[0]?["type"]?.stringValue == "Multikey")
        #expect(document["verificationMethod"]?[0]?["publicKeyMultibase"]?.stringValue == key.publicKey.multikey)
        #expect(key.publicKey.multikey.hasPrefix("zDn"))
        let resolved = try DIDResolver().resolve(key.didKeyVerificationMethod)
        #expect(resolved.publicKey == key.publicKey)
        #expect(resolved.relationships.contains("assertionMethod"))
    }
}
