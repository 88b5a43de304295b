import Composition
import Foundation
import LinkedData
import Mapping
import Pipeline
import Testing
import TestSupport

/// The JSON-LD processor's check of a profile's terms, compared with the term-set check.
@Suite("Lint: profile terms through the JSON-LD processor")
struct LinkedDataLintTests {
    /// The registry's RDF-canonicalised suites, as the composition root reports them.
    static let rdfSuites = Cryptosuites.registries().linkedDataSuites

    /// VC 1.1's base context defines `validUntil` and `evidence` only inside the type-scoped
    /// context of `VerifiableCredential`, which does not reach `credentialSubject`: the term-set
    /// check counts them as defined, the JSON-LD processor (and so RDF signing) does not.
    static let scoped = """
        name: scoped
        vc: "1.1"
        target: generic
        proof:
          cryptosuite: eddsa-rdfc-2022
        context:
          - https://www.w3.org/2018/credentials/v1
          - https://certbridge.example.org/contexts/certbridge-v1.jsonld
        type: [VerifiableCredential, CourseCertificate]
        id: 'urn:uuid:{{ id }}'
        issuanceDate: '{{ dateTime(issueDate) }}'
        credentialSubject:
          id: 'did:example:{{ id }}'
          name: '{{ recipient.name }}'
          validUntil: '{{ dateTime(expiryDate) }}'
          evidence:
            $value: '{{ publicId }}'
            $when: 'exists(publicId)'
        """

    func load(_ text: String) throws -> ProfileSet {
        let catalog = ContextCatalog(directory: SharedVectors.repositoryFile("mappings/contexts"))
        return try ProfileLoader.load(sources: [("scoped.yaml", text)], contexts: catalog)
    }

    func at(_ needle: String, in text: String) -> Mapping.SourceLocation? {
        guard let line = line(of: needle, in: text), let column = column(of: needle, line: line, in: text) else { return nil }
        return Mapping.SourceLocation(file: "scoped.yaml", line: line, column: column)
    }

    @Test("terms only a type-scoped context defines: the term-set check misses them, the processor check finds each at its key")
    func scopedTerms() throws {
        let set = try load(Self.scoped)
        #expect(set.warnings.filter { $0.kind == .undefinedTerm }.isEmpty, "the term-set check was expected to miss these")
        let found = LinkedDataLint.diagnostics(for: set, linkedDataSuites: Self.rdfSuites)
        #expect(found.map(\.location) == [at("validUntil", in: Self.scoped), at("evidence", in: Self.scoped)])
        #expect(found.allSatisfy { $0.severity == .error && $0.kind == .undefinedTerm })
        #expect(found.first?.message.contains("signing with eddsa-rdfc-2022 would fail") == true)
        #expect(found.first?.message.contains("\"validUntil\" at $.credentialSubject.validUntil") == true)
    }

    @Test("a term no context defines is found by both checks; without an RDF suite it is a warning")
    func undefinedEverywhere() throws {
        let text = Self.scoped
            .replacingOccurrences(of: "proof:\n  cryptosuite: eddsa-rdfc-2022\n", with: "")
            .replacingOccurrences(of: "  name: '{{ recipient.name }}'", with: "  nickname: '{{ recipient.name }}'")
        let set = try load(text)
        let nickname = at("nickname", in: text)
        #expect(set.warnings.contains { $0.kind == .undefinedTerm && $0.location == nickname })
        let found = LinkedDataLint.diagnostics(for: set, linkedDataSuites: Self.rdfSuites)
        #expect(found.contains { $0.location == nickname && $0.severity == .warning })
        #expect(found.allSatisfy { $0.severity == .warning })
    }

    @Test("the override decides the severity: a JCS suite makes findings warnings, an RDF suite errors")
    func overrideSeverity() throws {
        let set = try load(Self.scoped)
        let jcs = LinkedDataLint.diagnostics(for: set, override: "eddsa-jcs-2022", linkedDataSuites: Self.rdfSuites)
        #expect(!jcs.isEmpty && jcs.allSatisfy { $0.severity == .warning })
        #expect(jcs.allSatisfy { !$0.message.contains("eddsa-jcs-2022") })
        let jws = LinkedDataLint.diagnostics(for: set, override: "JsonWebSignature2020", linkedDataSuites: Self.rdfSuites)
        #expect(jws.map(\.location) == LinkedDataLint.diagnostics(for: set, linkedDataSuites: Self.rdfSuites).map(\.location))
        #expect(jws.allSatisfy { $0.severity == .error && $0.message.contains("signing with JsonWebSignature2020 would fail") })
    }

    @Test("an index entry whose file is missing is a warning at its place in index.yaml")
    func catalogProblems() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("certbridge-contexts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "{\"@context\": {\"a\": \"https://example.org/a\"}}".write(to: folder.appendingPathComponent("a.jsonld"), atomically: true, encoding: .utf8)
        try "not json".write(to: folder.appendingPathComponent("b.jsonld"), atomically: true, encoding: .utf8)
        try "https://example.org/a: a.jsonld\nhttps://example.org/b: b.jsonld\nhttps://example.org/c: c.jsonld\n"
            .write(to: folder.appendingPathComponent("index.yaml"), atomically: true, encoding: .utf8)
        let catalog = ContextCatalog(directory: folder)
        #expect(catalog.documents.keys.sorted() == ["https://example.org/a"])
        #expect(catalog.problems.map(\.location.line) == [2, 3])
        #expect(catalog.problems.map(\.location.column) == [24, 24])  // after "https://example.org/b: "
        #expect(catalog.problems.allSatisfy { $0.severity == .warning && $0.kind == .unreadable })
        #expect(catalog.problems.first?.message.contains("b.jsonld for https://example.org/b is not JSON") == true)
        #expect(catalog.problems.last?.message.contains("c.jsonld for https://example.org/c cannot be read") == true)
    }

    @Test("the shipped profiles have no term the JSON-LD processor rejects")
    func shippedProfilesClean() throws {
        let set = try ProfileLoader.load(directory: SharedVectors.repositoryFile("mappings"))
        #expect(LinkedDataLint.diagnostics(for: set, linkedDataSuites: Self.rdfSuites).isEmpty)
        #expect(LinkedDataLint.diagnostics(for: set, override: "eddsa-rdfc-2022", linkedDataSuites: Self.rdfSuites).isEmpty)
    }
}
