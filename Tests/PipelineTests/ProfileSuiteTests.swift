import Composition
import Credentials
import Foundation
import JSONCanonical
import LinkedData
import LinkedDataSuites
import Mapping
import Pipeline
import Testing
import TestSupport

/// Profiles choose their cryptosuite; `--suite` (the `suite:` argument) overrides them all; the
/// profile directory's JSON-LD contexts reach the RDF suites.
@Suite("Pipeline: cryptosuite per profile")
struct ProfileSuiteTests {
    static let profiles = SharedVectors.repositoryFile("mappings")
    static let created = Date(timeIntervalSince1970: 1_768_469_400)
    /// The fixture cases that convert (the others are expected failures).
    static let convertingFixtures = ["tsg-custom-did-unknown-fields", "tsg-lookup-holder-no-expiry", "v2-expired-holder-template", "ob3-achievement"]
    static let allSuites = ["eddsa-jcs-2022", "ecdsa-jcs-2019", "eddsa-rdfc-2022", "ecdsa-rdfc-2019", "JsonWebSignature2020"]

    func profileSet() throws -> ProfileSet {
        try ProfileLoader.load(directory: Self.profiles)
    }

    func input(_ fixture: String) throws -> JSONValue {
        try JSONValue(parsing: Array(try Data(contentsOf: Self.profiles.appendingPathComponent("fixtures/\(fixture)/input.json"))))
    }

    func pipeline(key: SigningKey, suite: String? = nil) throws -> Pipeline {
        let set = try profileSet()
        return try Pipeline(
            profiles: set, key: key, verificationMethod: key.didKeyVerificationMethod, registries: Cryptosuites.registries(for: set),
            suite: suite, issuer: key.didKey, routes: DestinationCatalog.formsOnly, clock: { Self.created })
    }

    func verifier() throws -> DataIntegrityVerifier {
        DataIntegrityVerifier(resolver: try DIDResolver(), registry: Cryptosuites.registries(for: try profileSet()).w3c)
    }

    func converted(_ outcome: PipelineOutcome) throws -> ConvertedCredential {
        switch outcome {
        case .converted(let converted): return converted
        case .noProfileMatched(_, let reason): throw VectorShapeError(description: "no profile matched: \(reason)")
        case .failed(_, let error): throw VectorShapeError(description: "failed: \(error)")
        case .refused(_, _, let reason): throw VectorShapeError(description: "refused: \(reason)")
        }
    }

    /// The suite's name as the verifier reports it (the proof type for JsonWebSignature2020).
    func proofSuite(_ vc: JSONValue) -> String? {
        let proof = vc["proof"]?.arrayValue?.first ?? vc["proof"]
        return proof?["cryptosuite"]?.stringValue ?? proof?["type"]?.stringValue
    }

    @Test("the names profiles may choose are the registry's, and the RDF suites are the registry's less the JCS family")
    func knownNamesMatchRegistry() {
        let registries = Cryptosuites.registries()
        #expect(Cryptosuites.names.all == Set(registries.w3c.names))
        #expect(registries.linkedDataSuites == ["JsonWebSignature2020", "ecdsa-rdfc-2019", "eddsa-rdfc-2022"])
        #expect(registries.tsgFormSuites == ["ecdsa-jcs-2019", "eddsa-jcs-2022"])
    }

    @Test("every shipped profile's output signs with eddsa-rdfc-2022 and verifies (no undefined term)", arguments: convertingFixtures)
    func rdfcEveryFixture(_ fixture: String) throws {
        let key = SigningKey.generate(.ed25519)
        let vc = try converted(try pipeline(key: key, suite: "eddsa-rdfc-2022").process(try input(fixture))).vc
        #expect(proofSuite(vc) == "eddsa-rdfc-2022")
        let verified = try verifier().verify(vc)
        #expect(verified.proofs.map(\.cryptosuite) == ["eddsa-rdfc-2022"])
        #expect(verified.controllers == [key.didKey])
    }

    @Test("each of the five suites signs every shipped profile's output, and a changed name fails", arguments: allSuites)
    func everySuite(_ suite: String) throws {
        let key = SigningKey.generate(suite.hasPrefix("ecdsa") ? .p256 : (suite == "JsonWebSignature2020" ? .p384 : .ed25519))
        let pipeline = try pipeline(key: key, suite: suite)
        for fixture in Self.convertingFixtures {
            let vc = try converted(pipeline.process(try input(fixture))).vc
            #expect(proofSuite(vc) == suite, "\(fixture)")
            #expect(try verifier().verify(vc).proofs.count == 1, "\(fixture)")
            var tampered = vc
            tampered["credentialSubject"]?["id"] = "did:example:mallory"
            #expect(throws: DataIntegrityError.self, "\(fixture)") { try verifier().verify(tampered) }
        }
    }

    @Test("without an override each profile signs with its proof.cryptosuite, else the key's default")
    func profileChoice() throws {
        let key = SigningKey.generate(.ed25519)
        let pipeline = try pipeline(key: key)
        #expect(pipeline.cryptosuite(forProfile: "course-certificate-tsg") == "JsonWebSignature2020")
        #expect(pipeline.cryptosuite(forProfile: "open-badge-achievement") == "eddsa-rdfc-2022")
        #expect(pipeline.cryptosuite(forProfile: "course-certificate-v2") == "eddsa-jcs-2022")
        let expected = [
            "tsg-lookup-holder-no-expiry": "JsonWebSignature2020", "ob3-achievement": "eddsa-rdfc-2022",
            "v2-expired-holder-template": "eddsa-jcs-2022",
        ]
        for (fixture, suite) in expected {
            let vc = try converted(pipeline.process(try input(fixture))).vc
            #expect(proofSuite(vc) == suite, "\(fixture)")
            let proof = try #require(try verifier().verify(vc).proofs.first)
            #expect((proof.cryptosuite ?? proof.type) == suite)
        }
    }

    @Test("the override signs every profile with one suite")
    func overrideWins() throws {
        let pipeline = try pipeline(key: SigningKey.generate(.ed25519), suite: "eddsa-jcs-2022")
        for name in try profileSet().profiles.map(\.name) {
            #expect(pipeline.cryptosuite(forProfile: name) == "eddsa-jcs-2022")
        }
    }

    @Test("a profile's suite that cannot use the key is refused when the pipeline is built, naming profile, suite and key type")
    func incompatibleKey() throws {
        do {
            _ = try pipeline(key: SigningKey.generate(.p256))
            Issue.record("built a pipeline whose Open Badge profile cannot sign")
        } catch let error as PipelineSetupError {
            guard case .unsupportedKeyType(let suite, let profile, let keyType, _) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(suite == "eddsa-rdfc-2022")
            #expect(keyType == .p256)
            #expect(profile?.contains("'open-badge-achievement'") == true)
            #expect(error.description.contains("open-badge-achievement.yaml:"))
            #expect(error.description.contains("P-256"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
        #expect(throws: PipelineSetupError.self) { try pipeline(key: SigningKey.generate(.ed25519), suite: "ecdsa-rdfc-2019") }
    }

    @Test("a suite the registry lacks is refused up front, naming the profile")
    func missingFromRegistry() throws {
        let key = SigningKey.generate(.ed25519)
        #expect {
            try Pipeline(
                profiles: try profileSet(), key: key, verificationMethod: key.didKeyVerificationMethod,
                registries: SigningRegistries(w3c: .standard, linkedDataSuites: []), issuer: key.didKey)
        } throws: { error in
            guard case .unknownCryptosuite(_, let profile, let known)? = error as? PipelineSetupError else { return false }
            return profile?.contains("'course-certificate-tsg'") == true && known == CryptosuiteRegistry.standard.names
        }
    }

    @Test("the profile directory's contexts reach the RDF suites: without certbridge-v1 the TSG profile cannot sign")
    func catalogFeedsContextStore() throws {
        let set = try profileSet()
        let url = "https://certbridge.example.org/contexts/certbridge-v1.jsonld"
        #expect(set.contextCatalog.documents[url] != nil)
        #expect(ContextStore.bundled.documents[url] == nil)
        #expect(ContextStore.bundled.adding(set.contextCatalog).documents[url] == set.contextCatalog.documents[url])
        let key = SigningKey.generate(.ed25519)
        let bare = try Pipeline(
            profiles: set, key: key, verificationMethod: key.didKeyVerificationMethod,
            registries: Cryptosuites.registries(), issuer: key.didKey)
        guard case .failed(_, .signing(let profile, let reason)) = bare.process(try input("tsg-lookup-holder-no-expiry")) else {
            Issue.record("signed without the profile's context")
            return
        }
        #expect(profile == "course-certificate-tsg")
        #expect(reason.contains(url))
    }
}
