import Credentials
import JSONCanonical
import Testing
import TSGWallet

@Suite("TSG-compatible form with RSA keys")
struct TSGRSATests {
    @Test("TSG's DataIntegrityProof forms refuse RSA (TSG checks RSA only as JsonWebSignature2020 PS256)")
    func refusesRSA() throws {
        let key = try SigningKey.generateRSA(bits: 2048)
        let document: JSONValue = ["@context": ["https://www.w3.org/ns/credentials/v2"], "issuer": "did:web:certbridge.example.org"]
        for suite in [TSGJWSCryptosuite.eddsaJCS2022, TSGJWSCryptosuite.ecdsaJCS2019] {
            #expect(throws: DataIntegrityError.unsupportedKeyType(cryptosuite: suite.name, keyType: .rsa, supported: suite.supportedKeyTypes)) {
                try suite.createProof(document: document, options: ["type": "DataIntegrityProof", "cryptosuite": .string(suite.name)], key: key)
            }
        }
    }
}
