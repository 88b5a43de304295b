import Composition
import Credentials
import Foundation
import JSONCanonical
import Mapping
import Pipeline
import Testing
import TestSupport

/// Signed golden files: Ed25519 signatures are deterministic, so with the W3C eddsa vector key
/// and a fixed clock, each profile-selected RDF proof is reproducible byte for byte.
@Suite("Pipeline: signed golden files")
struct SignedGoldenTests {
    static let profiles = SharedVectors.repositoryFile("mappings")
    static let golden = SharedVectors.repositoryFile("Tests/PipelineTests/Fixtures/signed")
    static let created = Date(timeIntervalSince1970: 1_768_469_400)

    /// The W3C vc-di-eddsa test vector key (published; never a real key).
    func vectorKey() throws -> SigningKey {
        let pair = try vectorJSON("eddsa-rdfc-2022/keyPair.json")
        return try SigningKey(multikeySecret: try string(pair["privateKeyMultibase"], "privateKeyMultibase"))
    }

    @Test(
        "the profile's own suite reproduces the signed golden file",
        arguments: [("ob3-achievement", "eddsa-rdfc-2022"), ("tsg-lookup-holder-no-expiry", "JsonWebSignature2020")])
    func golden(_ fixture: String, _ suite: String) throws {
        let key = try vectorKey()
        let set = try ProfileLoader.load(directory: Self.profiles)
        let pipeline = try Pipeline(
            profiles: set, key: key, verificationMethod: key.didKeyVerificationMethod,
            registries: Cryptosuites.registries(for: set), issuer: "did:web:certbridge.example.org",
            routes: DestinationCatalog.formsOnly, clock: { Self.created })
        let input = try JSONValue(parsing: Array(try Data(contentsOf: Self.profiles.appendingPathComponent("fixtures/\(fixture)/input.json"))))
        guard case .converted(let converted) = pipeline.process(input) else {
            Issue.record("\(fixture) did not convert")
            return
        }
        let goldenURL = Self.golden.appendingPathComponent("\(fixture).json")
        if ProcessInfo.processInfo.environment["CERTBRIDGE_UPDATE_GOLDEN"] == "1" {
            try Data((converted.vc.prettyString + "\n").utf8).write(to: goldenURL)
        }
        let expected = try String(contentsOf: goldenURL, encoding: .utf8)
        #expect(converted.vc.prettyString + "\n" == expected)
        let proof = converted.vc["proof"]?.arrayValue?.first ?? converted.vc["proof"]
        #expect(proof?["cryptosuite"]?.stringValue ?? proof?["type"]?.stringValue == suite)
        // The golden file itself verifies with the profiles' contexts.
        let verifier = DataIntegrityVerifier(resolver: try DIDResolver(), registry: Cryptosuites.registries(for: set).w3c)
        let verified = try #require(try verifier.verify(try JSONValue(parsing: expected)).proofs.first)
        #expect((verified.cryptosuite ?? verified.type) == suite)
    }
}
