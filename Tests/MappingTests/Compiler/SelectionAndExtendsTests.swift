import Foundation
import JSONCanonical
import Testing
import TestSupport
@testable import Mapping

@Suite("Compiler: selection rule, extends, JSON-LD term check")
struct SelectionAndExtendsTests {
    func profile(_ name: String, _ extra: String) -> (file: String, text: String) {
        ("\(name).yaml", profileText(value: name, extra: extra).replacingOccurrences(of: "name: t", with: "name: \(name)"))
    }

    @Test("priority first, then the more specific match, abstract profiles never")
    func winnerRule() throws {
        let set = try ProfileLoader.load(sources: [
            profile("catchall", ""),
            profile("group", "match: {groupId: 01g90279gp5sbmfek7wymcsvec}"),
            profile("groupstatus", "match: {groupId: 01g90279gp5sbmfek7wymcsvec, status: issued}"),
            profile("urgent", "priority: 5\nmatch: {when: 'customAttributes[\"custom.mentor\"] == \"Jürgen Groß\"'}"),
            profile("base", "abstract: true"),
        ])
        #expect(set.select(for: sampleCredential, now: fixedNow)?.name == "urgent")
        var other = sampleCredential
        other["customAttributes"] = [:]
        #expect(set.select(for: other, now: fixedNow)?.name == "groupstatus")
        other["status"] = "draft"
        #expect(set.select(for: other, now: fixedNow)?.name == "group")
        other["groupId"] = "elsewhere"
        #expect(set.select(for: other, now: fixedNow)?.name == "catchall")
        #expect(set.profile(named: "base") == nil)
    }

    @Test("no match is an outcome with a reason")
    func noMatch() throws {
        let set = try ProfileLoader.load(sources: [profile("only", "match: {status: [expired]}")])
        guard case .noProfileMatched(let reason) = set.map(sampleCredential, issuer: "did:web:i", now: fixedNow) else {
            Issue.record("matched")
            return
        }
        #expect(reason.contains("status issued"))
    }

    @Test("extends merges subject rules key by key and null removes an inherited rule")
    func extendsMerge() throws {
        let base = "name: base\nabstract: true\nconstants: {greeting: hello}\ncredentialSubject:\n  keep: '{{ greeting }}'\n  drop: x\n"
        let child = profileText(value: "child").replacingOccurrences(of: "name: t", with: "name: child\nextends: base")
            + "\n  drop: null"
        let set = try ProfileLoader.load(sources: [("base.yaml", base), ("child.yaml", child)])
        let subject = try #require(set.profiles.first).render(sampleCredential, issuer: "did:web:i", now: fixedNow)["credentialSubject"]
        #expect(subject == ["id": "did:example:holder", "keep": "hello", "v": "child"])
    }

    @Test("a VC 1.1 profile emitting a term no listed context defines gets a warning at the term")
    func termCheck() throws {
        let mine: JSONValue = ["@context": ["@version": 1.1, "id": "@id", "name": "https://schema.org/name", "Scoped": ["@id": "x:S", "@context": ["inner": "x:inner"]]]]
        #expect(ContextCatalog.terms(of: mine).names == ["id", "name", "Scoped", "inner"])
        let credentialsV1 = try JSONValue(parsing: Array(try SharedVectors.data("contexts/credentials-v1.jsonld")))
        let catalog = ContextCatalog(contexts: [
            "https://www.w3.org/2018/credentials/v1": ContextCatalog.terms(of: credentialsV1),
            "https://example.org/mine": ContextCatalog.terms(of: mine),
        ])
        let text = """
            name: old
            vc: "1.1"
            context: [https://www.w3.org/2018/credentials/v1, https://example.org/mine]
            type: [VerifiableCredential, CourseCertificate]
            id: 'https://example.org/{{ id }}'
            issuanceDate: '{{ dateTime(issueDate) }}'
            credentialSubject:
              id: did:example:1
              name: '{{ recipient.name }}'
              mentor: x
            """
        let set = try ProfileLoader.load(sources: [("old.yaml", text)], contexts: catalog)
        let warnings = set.warnings.filter { $0.kind == .undefinedTerm }
        #expect(warnings.map(\.location.line) == [4, 10])
        #expect(warnings.map(\.location.column) == [column(of: "CourseCertificate", line: 4, in: text), column(of: "mentor", line: 10, in: text)])
        #expect(warnings.first?.message.hasPrefix("'CourseCertificate' is not defined") == true)
        #expect(warnings.last?.message.hasPrefix("'mentor' is not defined") == true)
    }
}
