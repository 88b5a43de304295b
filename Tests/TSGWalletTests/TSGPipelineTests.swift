import Credentials
import JSONCanonical
import Pipeline
import Testing
import TSGWallet

/// The TSG profile (mappings/course-certificate-tsg.yaml) end to end through the pipeline with
/// a did:web issuer, for the two combinations docs/TSG-COMPATIBILITY.md recommends.
@Suite("TSG profile through the pipeline")
struct TSGPipelineTests {
    func convert(_ issuer: WebIssuer, suite: String, registry: CryptosuiteRegistry) throws -> JSONValue {
        let pipeline = try TSGFixtures.pipeline(issuer: issuer.did.did, signer: try issuer.signer(suite: suite, registry: registry))
        guard case .converted(let converted) = pipeline.process(try TSGFixtures.certifierInput()) else {
            throw FixtureError("not converted")
        }
        #expect(converted.profile == "course-certificate-tsg")
        #expect(converted.vc["proof"]?.arrayValue?.count == 1, "the TSG import schema wants proof as an array")
        #expect(converted.vc["issuer"]?.stringValue == issuer.did.did)
        return converted.vc
    }

    @Test("JsonWebSignature2020 (Ed25519, did:web): a W3C verifier and TSG's hash-bytes generation accept it", arguments: [KeyType.ed25519, .p384])
    func jsonWebSignature2020(_ keyType: KeyType) throws {
        let issuer = try WebIssuer(keyType)
        let vc = try convert(issuer, suite: "JsonWebSignature2020", registry: try TSGFixtures.standardRegistry())
        #expect(vc["@context"]?.arrayValue?.last == "https://w3id.org/security/suites/jws-2020/v1")
        #expect(throws: Never.self) { _ = try issuer.verifier(try TSGFixtures.standardRegistry()).verify(vc) }
        #expect(throws: Never.self) { try issuer.tsg(.hashBytes).verifyCredential(vc) }
        #expect(throws: TSGReferenceVerifier.Rejection.self) { try issuer.tsg(.dataIntegrityOnly).verifyCredential(vc) }
        let tampered = TSGFixtures.tampered(vc)
        #expect(throws: DataIntegrityError.self) { _ = try issuer.verifier(try TSGFixtures.standardRegistry()).verify(tampered) }
        #expect(throws: TSGReferenceVerifier.Rejection.self) { try issuer.tsg(.hashBytes).verifyCredential(tampered) }
    }

    @Test("opt-in TSG eddsa-jcs-2022 / ecdsa-jcs-2019: TSG's current code accepts it, a W3C verifier does not", arguments: [KeyType.ed25519, .p384])
    func tsgVariant(_ keyType: KeyType) throws {
        let issuer = try WebIssuer(keyType)
        let suite = keyType == .ed25519 ? "eddsa-jcs-2022" : "ecdsa-jcs-2019"
        let vc = try convert(issuer, suite: suite, registry: try TSGFixtures.tsgRegistry())
        #expect(vc["proof"]?[0]?["cryptosuite"]?.stringValue == suite)
        for generation in [TSGReferenceVerifier.Generation.hashBytes, .dataIntegrityOnly] {
            #expect(throws: Never.self) { try issuer.tsg(generation).verifyCredential(vc) }
            #expect(throws: TSGReferenceVerifier.Rejection.self) { try issuer.tsg(generation).verifyCredential(TSGFixtures.tampered(vc)) }
        }
        #expect(throws: Never.self) { _ = try issuer.verifier(try TSGFixtures.tsgRegistry()).verify(vc) }
        #expect(throws: DataIntegrityError.self) { _ = try issuer.verifier(try TSGFixtures.tsgRegistry()).verify(TSGFixtures.tampered(vc)) }
        #expect(throws: DataIntegrityError.self) { _ = try issuer.verifier(try TSGFixtures.standardRegistry()).verify(vc) }
    }
}
