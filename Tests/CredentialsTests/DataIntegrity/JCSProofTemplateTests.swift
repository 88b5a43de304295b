@testable import Credentials
import Foundation
import JSONCanonical
import Testing

/// The signer canonicalises the fixed proof options once (``JCSProofTemplate``) and joins them
/// with the canonical `@context` and `created`; these tests hold that to the general path,
/// which canonicalises the whole proof configuration on every signature.
@Suite struct JCSProofTemplateTests {
    static let contexts: [JSONValue?] = [
        nil, "https://www.w3.org/ns/credentials/v2",
        ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
        ["https://www.w3.org/2018/credentials/v1", ["@vocab": "https://example.org/#", "zeta": 1, "alpha": [true, nil]]],
        [], ["é\u{1F600}\"\\\n\u{01}", 1e21, -0.0, 1.5],
    ]

    static let methods = [
        "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
        "did:web:example.com#key-1", "https://issuer.example/keys/\u{00E9}\u{1F511}", "a\"quote\\and\ttab\u{7F}",
        "", "\u{FFFF}\u{10000}",
    ]

    static let dates = ["2023-02-24T23:36:38Z", "1582-10-15T00:00:00Z", "9999-12-31T23:59:59Z", "2024-02-29T12:00:00Z"]

    @Test func joinedPartsEqualTheCanonicalProofConfiguration() throws {
        var checked = 0
        for suite in [JCSCryptosuite.eddsaJCS2022, JCSCryptosuite.ecdsaJCS2019] {
            for method in Self.methods {
                let template = JCSProofTemplate(cryptosuite: suite.name, verificationMethod: method, proofPurpose: "assertionMethod")
                for context in Self.contexts {
                    for created in Self.dates {
                        var options: JSONObject = [
                            "type": "DataIntegrityProof", "cryptosuite": .string(suite.name), "created": .string(created),
                            "verificationMethod": .string(method), "proofPurpose": "assertionMethod",
                        ]
                        if let context { options["@context"] = context }
                        let general = try suite.proofConfiguration(options)
                        let joined = template.leadingMembers(context: context, created: created) + template.fixedMembers
                        #expect(joined == general, "\(String(decoding: joined, as: UTF8.self))")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 2 * Self.methods.count * Self.contexts.count * Self.dates.count)
    }

    @Test func leadingMembersEqualTheWriterForAnyCreatedText() {
        let template = JCSProofTemplate(cryptosuite: "eddsa-jcs-2022", verificationMethod: "did:example:1#k", proofPurpose: "assertionMethod")
        let texts = Self.dates + ["", "a\"b", "back\\slash", "tab\tnew\nline\u{01}", "\u{7F}é\u{2028}\u{1F600}", "2024-01-01T00:00:00+02:00"]
        for context in Self.contexts {
            for created in texts {
                var leading: JSONObject = ["created": .string(created)]
                if let context { leading["@context"] = context }
                let expected = JSONValue.object(leading).canonicalBytes
                #expect(template.leadingMembers(context: context, created: created) + [UInt8(ascii: "}")] == expected, "\(created)")
            }
        }
    }

    /// Ed25519 signatures are deterministic, so the signer's proof must equal the general path's byte for byte.
    @Test func signerProofEqualsTheGeneralPath() throws {
        let key = SigningKey.generate(.ed25519)
        let suite = JCSCryptosuite.eddsaJCS2022
        for method in Self.methods {
            let signer = try DataIntegritySigner(key: key, verificationMethod: method)
            for context in Self.contexts {
                var document: JSONObject = ["id": "urn:uuid:1", "credentialSubject": ["name": "Ana \u{00E9}"]]
                if let context { document["@context"] = context }
                for seconds in [0.0, 1_677_281_798, 4_102_444_800] {
                    let created = Date(timeIntervalSince1970: seconds)
                    let signed = try signer.sign(.object(document), created: created)
                    let options: JSONObject = [
                        "type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022", "created": .string(ProofDate.format(created)),
                        "verificationMethod": .string(method), "proofPurpose": "assertionMethod",
                    ]
                    // The general path: the signer's steps with the whole configuration canonicalised.
                    var general = JSONValue.object(document)
                    if let required = suite.requiredContext(for: DataIntegrityContext.contexts(of: general)) {
                        general = DataIntegrityContext.appending(required, to: general)
                    }
                    general["proof"] = .object(try suite.createProof(document: general, options: options, key: key))
                    #expect(signed.compactString == general.compactString, "\(method) \(String(describing: context))")
                }
            }
        }
    }

    @Test func otherPurposesAndECDSAKeysStillVerify() throws {
        let verifier = DataIntegrityVerifier(resolver: try DIDResolver())
        for (type, suite) in [(KeyType.ed25519, "eddsa-jcs-2022"), (.p256, "ecdsa-jcs-2019"), (.p384, "ecdsa-jcs-2019")] {
            let key = SigningKey.generate(type)
            let signer = try DataIntegritySigner(key: key, verificationMethod: key.didKeyVerificationMethod, cryptosuite: suite)
            let document: JSONValue = ["@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:uuid:2"]
            for purpose in ["assertionMethod", "authentication"] {
                let signed = try signer.sign(document, created: fixedDate, proofPurpose: purpose)
                #expect(signed["proof"]?["proofPurpose"] == .string(purpose))
                let result = try verifier.verify(signed, expectedProofPurpose: purpose)
                #expect(result.proofs.first?.cryptosuite == suite)
            }
        }
    }

    @Test func aCreatedOutsideDateTimeIsRejectedAsBefore() throws {
        // Year 10000 needs five digits, which XML Schema dateTime (and the check) do not take.
        let key = SigningKey.generate(.ed25519)
        let signer = try DataIntegritySigner(key: key, verificationMethod: key.didKeyVerificationMethod)
        let farFuture = Date(timeIntervalSince1970: 253_402_300_800)
        #expect(throws: DataIntegrityError.self) { try signer.sign(["id": "urn:uuid:3"], created: farFuture) }
    }
}
