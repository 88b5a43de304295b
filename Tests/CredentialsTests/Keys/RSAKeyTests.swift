@testable import Credentials
import Crypto
import Foundation
import JSONCanonical
import Testing
import _CryptoExtras

@Suite("RSA keys: 2048–4096 bits, JWK, PS256 signing, PS256/RS256 verification")
struct RSAKeyTests {
    /// One 2048-bit key for the tests that need any key (generation is slow).
    static let key = SigningKey.generate(.rsa)

    @Test("a generated key round-trips through its private JWK", arguments: [2048, 3072])
    func jwkRoundTrip(bits: Int) throws {
        let key = try SigningKey.generateRSA(bits: bits)
        #expect(key.type == .rsa && key.publicKey.rsaBits == bits)
        let jwk = key.exportPrivateJWK()
        #expect(jwk.keyType == "RSA" && jwk.curve == nil && jwk.algorithm == "PS256")
        let json = jwk.json
        #expect(json.objectValue?.keys == ["kty", "n", "e", "d", "p", "q", "dp", "dq", "qi", "alg"])
        #expect(try Base64URL.decode(try #require(jwk.n)).count == bits / 8)
        let loaded = try SigningKey(jwk: try JWK(parsing: json.compactString))
        #expect(loaded.publicKey == key.publicKey)
        // The loaded key signs what the original key's public key accepts.
        let message = Array("round trip".utf8)
        #expect(key.publicKey.isValidSignature(try loaded.sign(message), for: message))
        // The public JWK reads back to the same key and carries no private member.
        let publicJWK = key.publicKey.jwk
        #expect(!publicJWK.isPrivate && publicJWK.json.objectValue?.keys == ["kty", "n", "e", "alg"])
        #expect(try PublicKey(jwk: publicJWK) == key.publicKey)
    }

    @Test("keys under 2048 or over 4096 bits are refused with the size named")
    func refusesSizes() throws {
        #expect(throws: KeyError.unsupportedKeySize(bits: 1024)) { try SigningKey.generateRSA(bits: 1024) }
        #expect(throws: KeyError.unsupportedKeySize(bits: 8192)) { try SigningKey.generateRSA(bits: 8192) }
        #expect(KeyError.unsupportedKeySize(bits: 1024).description.contains("2048"))
        let small = try _RSA.Signing.PrivateKey(unsafeKeySize: .init(bitCount: 1024))
        #expect(throws: KeyError.unsupportedKeySize(bits: 1024)) {
            try PublicKey(type: .rsa, bytes: Array(small.publicKey.pkcs1DERRepresentation))
        }
        // A 1024-bit private JWK, built from the key's own numbers.
        let der = try RSAPrivateKeyDER(Array(small.derRepresentation))
        let jwk = JWK(
            rsaModulus: Base64URL.encode(der.n), exponent: Base64URL.encode(der.e), d: Base64URL.encode(der.d),
            rsaPrivate: RSAPrivateMembers(p: Base64URL.encode(der.p), q: Base64URL.encode(der.q), dp: nil, dq: nil, qi: nil))
        #expect(throws: KeyError.unsupportedKeySize(bits: 1024)) { try SigningKey(jwk: jwk) }
    }

    @Test("a JWK whose CRT members do not fit its primes is refused")
    func refusesMismatchedCRT() throws {
        var jwk = Self.key.exportPrivateJWK()
        let members = try #require(jwk.rsaPrivate)
        jwk.rsaPrivate = RSAPrivateMembers(p: members.p, q: members.q, dp: members.dq, dq: members.dq, qi: members.qi)
        #expect(throws: KeyError.invalidMember("dp", reason: "does not match the key's 'd', 'p' and 'q' (value withheld)")) {
            try SigningKey(jwk: jwk)
        }
        var wrongAlg = Self.key.exportPrivateJWK()
        wrongAlg.algorithm = "ES256"
        #expect(throws: KeyError.self) { try SigningKey(jwk: wrongAlg) }
    }

    @Test("PS256 signs and verifies; a changed message or RS256 reading of it fails")
    func ps256() throws {
        let message = Array("hello PS256".utf8)
        let signature = try Self.key.sign(message)
        #expect(signature.count == 256 && Self.key.publicKey.signatureLength == 256)
        #expect(Self.key.publicKey.isValidSignature(signature, for: message))
        #expect(Self.key.publicKey.isValidSignature(signature, for: message, algorithm: .ps256))
        #expect(!Self.key.publicKey.isValidSignature(signature, for: message, algorithm: .rs256))
        #expect(!Self.key.publicKey.isValidSignature(signature, for: Array("hello PS257".utf8)))
        // PSS is randomised: two signatures differ, both verify.
        #expect(try Self.key.sign(message) != signature)
        #expect(throws: KeyError.self) { try Self.key.sign(message, algorithm: .rs256) }
        #expect(throws: KeyError.self) { try Self.key.sign(message, algorithm: .edDSA) }
    }

    @Test("an RS256 (PKCS#1 v1.5) signature made by swift-crypto directly verifies")
    func rs256() throws {
        let backing = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let publicKey = try PublicKey(type: .rsa, bytes: Array(backing.publicKey.pkcs1DERRepresentation))
        let message = Array("hello RS256".utf8)
        let signature = Array(try backing.signature(for: SHA256.hash(data: message), padding: .insecurePKCS1v1_5).rawRepresentation)
        #expect(publicKey.isValidSignature(signature, for: message, algorithm: .rs256))
        #expect(!publicKey.isValidSignature(signature, for: message, algorithm: .ps256))
        #expect(!publicKey.isValidSignature(signature, for: Array("hello RS257".utf8), algorithm: .rs256))
        // SPKI DER reads as the same key.
        #expect(try PublicKey(type: .rsa, bytes: Array(backing.publicKey.derRepresentation)) == publicKey)
    }

    @Test("did:web publishes publicKeyJwk with alg PS256 and resolves; did:key is refused with a reason")
    func didDocuments() throws {
        let web = try DIDWeb(parsing: "issuer.example.org")
        let document = web.document(for: Self.key.publicKey)
        let method = try #require(document["verificationMethod"]?[0])
        #expect(method["type"] == "JsonWebKey")
        #expect(method["publicKeyJwk"]?["kty"] == "RSA" && method["publicKeyJwk"]?["alg"] == "PS256")
        let resolved = try DIDResolver(documents: [document]).resolve("did:web:issuer.example.org#key-1")
        #expect(resolved.publicKey == Self.key.publicKey)

        #expect(!KeyType.rsa.hasDIDKey)
        do {
            _ = try DIDResolver().resolve(Self.key.didKeyVerificationMethod)
            Issue.record("an RSA did:key resolved")
        } catch {
            #expect(error.description.contains("did:web"))
        }
    }

    @Test("the Data Integrity suites refuse RSA keys with their unsupported-key error")
    func dataIntegritySuitesRefuse() throws {
        let document: JSONValue = ["@context": ["https://www.w3.org/ns/credentials/v2"], "issuer": "did:web:issuer.example.org"]
        for suite in [JCSCryptosuite.eddsaJCS2022, JCSCryptosuite.ecdsaJCS2019] {
            #expect(throws: DataIntegrityError.unsupportedKeyType(cryptosuite: suite.name, keyType: .rsa, supported: suite.supportedKeyTypes)) {
                try suite.createProof(document: document, options: [:], key: Self.key)
            }
        }
    }

    @Test("no description of a private RSA key or JWK shows private members")
    func noLeaks() throws {
        let jwk = Self.key.exportPrivateJWK()
        let secrets = [try #require(jwk.d), try #require(jwk.rsaPrivate?.p), try #require(jwk.rsaPrivate?.q), try #require(jwk.rsaPrivate?.qi)]
        var dumped = ""
        dump(jwk, to: &dumped)
        dump(Self.key, to: &dumped)
        for text in [jwk.description, jwk.debugDescription, "\(jwk)", Self.key.description, "\(Self.key)", dumped] {
            for secret in secrets { #expect(!text.contains(secret)) }
        }
    }
}
