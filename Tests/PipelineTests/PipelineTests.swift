import Composition
import Credentials
import Foundation
import JSONCanonical
import Mapping
import Pipeline
import Testing
import TestSupport

/// The pipeline end to end in process: select -> map -> validate -> sign, then verify.
@Suite("Pipeline: select, map, validate, sign")
struct PipelineTests {
    static let profiles = SharedVectors.repositoryFile("mappings")
    static let created = Date(timeIntervalSince1970: 1_768_469_400)

    func input(_ fixture: String) throws -> JSONValue {
        try JSONValue(parsing: Array(try Data(contentsOf: Self.profiles.appendingPathComponent("fixtures/\(fixture)/input.json"))))
    }

    func pipeline(key: SigningKey, suite: String? = nil) throws -> Pipeline {
        let set = try ProfileLoader.load(directory: Self.profiles)
        let signer = try DataIntegritySigner(key: key, verificationMethod: key.didKeyVerificationMethod, cryptosuite: suite ?? CryptosuiteRegistry.defaultCryptosuite(for: key.type))
        return Pipeline(profiles: set, signer: signer, issuer: key.didKey, routes: DestinationCatalog.formsOnly, clock: { Self.created })
    }

    func verify(_ document: JSONValue) throws -> VerifiedProof {
        try DataIntegrityVerifier(resolver: try DIDResolver()).verify(document)
    }

    @Test("each shipped profile's credential signs and verifies", arguments: ["tsg-lookup-holder-no-expiry", "v2-expired-holder-template", "ob3-achievement"])
    func signsAndVerifies(_ fixture: String) throws {
        let key = SigningKey.generate(.ed25519)
        guard case .converted(let converted) = try pipeline(key: key).process(try input(fixture)) else {
            Issue.record("not converted")
            return
        }
        #expect(converted.sourceId == (try input(fixture))["id"]?.stringValue)
        #expect(converted.vcId == converted.vc["id"]?.stringValue)
        let verified = try verify(converted.vc)
        #expect(verified.proofs.first?.cryptosuite == "eddsa-jcs-2022")
        #expect(verified.controllers == [key.didKey])
    }

    @Test("P-256 keys sign with ecdsa-jcs-2019 by default")
    func ecdsa() throws {
        let key = SigningKey.generate(.p256)
        guard case .converted(let converted) = try pipeline(key: key).process(try input("tsg-custom-did-unknown-fields")) else {
            Issue.record("not converted")
            return
        }
        #expect(try verify(converted.vc).proofs.first?.cryptosuite == "ecdsa-jcs-2019")
    }

    @Test("TSG-targeted credentials carry proof as an array; a changed subject no longer verifies")
    func tsgProofArray() throws {
        let key = SigningKey.generate(.ed25519)
        guard case .converted(let converted) = try pipeline(key: key).process(try input("tsg-lookup-holder-no-expiry")) else {
            Issue.record("not converted")
            return
        }
        #expect(converted.vc["proof"]?.arrayValue?.count == 1)
        #expect(converted.vc["proof"]?[0]?["created"] == "2026-01-15T09:30:00Z")
        #expect(converted.profile == "course-certificate-tsg")
        var tampered = converted.vc
        tampered["credentialSubject"]?["name"] = "Someone Else"
        #expect(throws: DataIntegrityError.self) { try verify(tampered) }
    }

    @Test("no match and failures are outcomes that name the credential and the reason")
    func outcomes() throws {
        let pipeline = try pipeline(key: SigningKey.generate(.ed25519))
        guard case .noProfileMatched(let sourceId, let reason) = pipeline.process(try input("tsg-draft-not-matched")) else {
            Issue.record("expected no match")
            return
        }
        #expect(sourceId == "01hz5p9q4st6u7v8w9x0y1z2ad")
        #expect(reason.contains("status draft"))
        guard case .failed(let failedId, let error) = pipeline.process(try input("v2-missing-recipient-id")) else {
            Issue.record("expected failure")
            return
        }
        #expect(failedId == "01hz8s2t7vw9x0y1z2a3b4c5dg")
        #expect(error.description.contains("rule credentialSubject.id"))
        #expect(error.description.contains("recipient.id"))
        guard case .failed(_, .notACredential) = pipeline.process(["not", "an", "object"]) else {
            Issue.record("accepted an array as a credential")
            return
        }
    }

    @Test("without a signer the VC is unsigned and otherwise identical to the golden file")
    func unsigned() throws {
        let set = try ProfileLoader.load(directory: Self.profiles)
        let pipeline = Pipeline(profiles: set, signer: nil, issuer: "did:web:certbridge.example.org", routes: DestinationCatalog.formsOnly, clock: { Self.created })
        guard case .converted(let converted) = pipeline.process(try input("ob3-achievement")) else {
            Issue.record("not converted")
            return
        }
        let golden = try JSONValue(parsing: Array(try Data(contentsOf: Self.profiles.appendingPathComponent("fixtures/ob3-achievement/expected.json"))))
        #expect(converted.vc.prettyString == golden.prettyString)
    }

    @Test("one pipeline value is shared by concurrent workers")
    func concurrent() async throws {
        let pipeline = try pipeline(key: SigningKey.generate(.ed25519))
        let credential = try input("tsg-lookup-holder-no-expiry")
        let ids = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    if case .converted(let converted) = pipeline.process(credential) { return converted.vcId }
                    return nil
                }
            }
            var ids: Set<String?> = []
            for await id in group { ids.insert(id) }
            return ids
        }
        #expect(ids == ["https://certbridge.example.org/credentials/bd313a15-b9ab-5ce0-81a8-8e08ddca7005"])
    }
}
