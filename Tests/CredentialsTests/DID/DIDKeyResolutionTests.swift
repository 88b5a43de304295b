@testable import Credentials
import Testing

/// did:key methods are resolved from the key without building the DID document; these tests
/// hold that to resolving the method in the generated document.
@Suite struct DIDKeyResolutionTests {
    @Test(arguments: KeyType.curveTypes)
    func directResolutionEqualsTheDocumentPath(_ type: KeyType) throws {
        let resolver = try DIDResolver()
        for _ in 0..<20 {
            let key = SigningKey.generate(type).publicKey
            let viaDocument = try DIDDocument.resolve(key.didKeyVerificationMethod, in: DIDKey.document(for: key))
            #expect(DIDKey.resolvedMethod(for: key, multikey: key.multikey) == viaDocument)
            #expect(try resolver.resolve(key.didKeyVerificationMethod) == viaDocument)
            #expect(try resolver.resolve(key.didKey) == viaDocument)
            #expect(throws: DIDError.self) { try resolver.resolve(key.didKey + "#other") }
        }
    }
}
