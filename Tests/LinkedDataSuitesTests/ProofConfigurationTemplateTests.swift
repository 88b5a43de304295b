import JSONCanonical
import LinkedData
@testable import LinkedDataSuites
import Testing

/// The proof configuration written from a signer shape's template must be the bytes the general
/// RDFC-1.0 algorithm gives, for any `created`, and the template is used where it is exact.
@Suite("Proof configuration templates against the general algorithm")
struct ProofConfigurationTemplateTests {
    /// Proof options as the suites build them, over the contexts of VC 1.1 and 2.0.
    private static let shapes: [(document: JSONValue, proof: JSONObject)] = {
        let v1: JSONValue = ["@context": ["https://www.w3.org/2018/credentials/v1", .string(JsonWebSignature2020.context)]]
        let v2: JSONValue = ["@context": ["https://www.w3.org/ns/credentials/v2"]]
        let method = "did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH#z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH"
        return [
            (v1, ["type": "JsonWebSignature2020", "verificationMethod": .string(method), "proofPurpose": "assertionMethod"]),
            (v2, ["type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "verificationMethod": .string(method),
                  "proofPurpose": "assertionMethod"]),
            (v2, ["type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "verificationMethod": .string(method),
                  "proofPurpose": "authentication", "challenge": "1235abcd6789", "domain": "https://rp.example.org"]),
            (v2, ["id": "urn:uuid:0b6f0b8e-7f0c-4d55-9c3e-1c0f3a0e2b11", "type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022",
                  "verificationMethod": "https://issuer.example.org/keys#1", "proofPurpose": "assertionMethod"]),
        ]
    }()

    /// Times of every kind: real ones, and strings that need every N-Quads escape, non-ASCII, empty.
    private static func createdValues() -> [String] {
        var values = [
            "2025-11-24T12:00:00Z", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2024-02-29T00:00:00+02:00", "",
            "\"", "\\", "a\"b\\c", "line\nbreak", "\r\t\u{8}\u{C}", "\u{0}\u{1F}\u{7F}", "Zoë 😀 日本", "_:c14n0", "<urn:x>",
            " .\n_:c14n0 <https://w3id.org/security#proofPurpose> <https://w3id.org/security#assertionMethod>",
        ]
        let alphabet = Array("aZ09-:.T\"\\\n\t é😀<>_#@")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            values.append(String((0..<Int.random(in: 0...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        return values
    }

    @Test("templated bytes equal the general algorithm's for 300+ times on four proof shapes, and the template is used")
    func templatedEqualsGeneral() throws {
        let form = RDFCanonicalForm()
        for (document, proof) in Self.shapes {
            for created in Self.createdValues() {
                var options = proof
                options["created"] = .string(created)
                let general = try form.canonicalize(form.proofConfiguration(options, document: document), suite: "test")
                let fast = try form.canonicalProofConfiguration(options, document: document, suite: "test")
                #expect(fast == general, "created \(created.debugDescription)")
            }
        }
        // Shapes taking turns: each lookup misses the entry used last and finds its own.
        for created in Self.createdValues().prefix(40) {
            for (document, proof) in Self.shapes.reversed() {
                var options = proof
                options["created"] = .string(created)
                let general = try form.canonicalize(form.proofConfiguration(options, document: document), suite: "test")
                let fast = try form.canonicalProofConfiguration(options, document: document, suite: "test")
                #expect(fast == general, "created \(created.debugDescription), shapes in turn")
            }
        }
        // One entry per shape, each with a usable template: the fast path did run.
        #expect(form.templates.count == Self.shapes.count)
        for (document, proof) in Self.shapes {
            var options = proof
            options["created"] = .string(ProofConfigurationTemplates.sentinel)
            let probe = try form.processor.canonicalize(form.proofConfiguration(options, document: document))
            #expect(ProofConfigurationTemplates.template(from: probe) != nil)
        }
    }

    @Test("no template where the time could move a line or a label")
    func refusals() throws {
        let sentinel = ProofConfigurationTemplates.sentinel
        let canonicalizer = RDFCanonicalizer()
        func template(_ nquads: String) throws -> ProofConfigurationTemplates.Template? {
            ProofConfigurationTemplates.template(from: try canonicalizer.canonicalize(nquads: nquads))
        }
        // One blank node, one carrier: usable.
        #expect(try template("_:p <urn:created> \"\(sentinel)\" .\n_:p <urn:type> <urn:Proof> .\n") != nil)
        // Two blank nodes: the labels could swap with the time.
        #expect(try template("_:p <urn:created> \"\(sentinel)\" .\n_:q <urn:type> <urn:Proof> .\n") == nil)
        // Another line with the same bytes up to the literal: the order depends on the time.
        #expect(try template("_:p <urn:created> \"\(sentinel)\" .\n_:p <urn:created> \"2020\" .\n") == nil)
        // The time in two quads, or not as a literal of its own.
        #expect(try template("_:p <urn:created> \"\(sentinel)\" .\n_:p <urn:note> \"\(sentinel)\" .\n") == nil)
        #expect(try template("_:p <urn:created> \"x\(sentinel)\" .\n") == nil)
        #expect(try template("_:p <urn:\(sentinel)> \"x\" .\n") == nil)
    }

    @Test("a non-string or missing created takes the general path")
    func generalPathOtherwise() throws {
        let form = RDFCanonicalForm()
        let (document, proof) = Self.shapes[1]
        var numeric = proof
        numeric["created"] = 1_700_000_000
        #expect(try form.canonicalProofConfiguration(numeric, document: document, suite: "test")
            == form.canonicalize(form.proofConfiguration(numeric, document: document), suite: "test"))
        #expect(try form.canonicalProofConfiguration(proof, document: document, suite: "test")
            == form.canonicalize(form.proofConfiguration(proof, document: document), suite: "test"))
        #expect(form.templates.count == 0)
    }
}
