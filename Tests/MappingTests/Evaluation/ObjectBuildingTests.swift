import Foundation
import JSONCanonical
import Testing

@testable import Mapping

/// Objects of a compiled profile are built by appending each present value under its prepared
/// name when the names are distinct, and by assigning otherwise. Both must give what assigning
/// member by member gives: order as written, absent values left out, the subject's `id` first,
/// and a later name equal to an earlier one (canonically equivalent) replacing its value in place.
@Suite("compiled objects are built as assigning member by member builds them")
struct ObjectBuildingTests {
    /// "é" precomposed and decomposed: different bytes, equal Swift Strings.
    static let composed = "caf\u{E9}"
    static let decomposed = "cafe\u{301}"

    static func render(_ subject: String) throws -> JSONValue {
        let text = """
            name: t
            vc: "2.0"
            target: generic
            context: [https://www.w3.org/ns/credentials/v2]
            type: [VerifiableCredential]
            id: 'urn:test:{{ id }}'
            validFrom: '{{ dateTime(issueDate) }}'
            credentialSubject:
            \(subject)
            """
        let set = try ProfileLoader.load(sources: [("t.yaml", text)])
        let profile = try #require(set.profiles.first)
        return try profile.render(sampleCredential, issuer: "did:web:issuer.example", now: fixedNow)
    }

    static func keys(_ value: JSONValue?) -> [String] {
        guard case .object(let object)? = value else { return [] }
        return object.keys
    }

    @Test("distinct names: order as written, absent values left out, id first, nested objects too")
    func distinctNames() throws {
        let credential = try Self.render(
            """
              name: '{{ recipient.name }}'
              missing: '{{ customAttributes["custom.none"] }}'
              empty: '{{ customAttributes["custom.empty"] }}'
              course:
                mentor: '{{ customAttributes["custom.mentor"] }}'
                gone: '{{ expiryDate }}'
                group: '{{ groupId }}'
              id: 'did:example:{{ recipient.id }}'
              publicId: '{{ publicId }}'
            """)
        let subject = credential["credentialSubject"]
        #expect(Self.keys(subject) == ["id", "name", "course", "publicId"])
        #expect(subject?["id"] == "did:example:01jmerb6k2x9d3v7q8w4n5t6ya")
        #expect(subject?["name"] == "Zoë Müller")
        #expect(Self.keys(subject?["course"]) == ["mentor", "group"])
        #expect(subject?["course"]?["mentor"] == "Jürgen Groß")
        #expect(Self.keys(credential) == ["@context", "id", "type", "issuer", "validFrom", "credentialSubject"])
    }

    /// YAML refuses a mapping with two equal keys, so a profile cannot write one; the plan is
    /// built directly here to hold the assigning path to what it did before.
    @Test("a name repeated in another normal form replaces the earlier value in its place")
    func repeatedNames() throws {
        func text(_ value: String) -> OutputPlan { .value(.constant(.json(.string(value))), Self.rule) }
        let source: OutputPlan = .value(.source([.key(MemberKey("groupId"))], label: "groupId", coercion: nil), Self.rule)
        let absent: OutputPlan = .value(.source([.key(MemberKey("expiryDate"))], label: "expiryDate", coercion: nil), Self.rule)
        let nested = OutputPlan.ObjectPlan([(Self.composed, source), ("between", text("x")), ("gone", absent), (Self.decomposed, text("last"))])
        let subject = OutputPlan.ObjectPlan([
            (Self.composed, text("first")), ("id", text("did:example:1")), ("other", source), (Self.decomposed, text("second")),
            ("nested", .object(nested, Self.rule)), ("id", text("did:example:2")),
        ])
        #expect(!nested.keysAreDistinct && !subject.keysAreDistinct)
        let context = EvaluationContext(
            source: sampleCredential, issuer: "did:web:issuer.example", now: fixedNow, midnights: LocalMidnights(try #require(TimeZone(identifier: "UTC"))), holder: nil)

        let object = try #require(try OutputProgram(.object(nested, Self.rule), profile: "t").run(context))
        // One member for the two spellings, at the first one's place, with the later value.
        #expect(Self.keys(object) == [Self.composed, "between"])
        #expect(object[Self.decomposed] == "last")

        let (built, id) = try ObjectProgram(subject, profile: "t", roles: subject.members.map { $0.key == "id" ? .leadingID : .member }).subject(context)
        // The last `id` is kept and leads.
        #expect(id == "did:example:2")
        #expect(Self.keys(built) == ["id", Self.composed, "other", "nested"])
        #expect(built[Self.composed] == "second")
        #expect(built["other"] == "01g90279gp5sbmfek7wymcsvec")
        #expect(Self.keys(built["nested"]) == [Self.composed, "between"])
    }

    @Test("the plan knows which objects have distinct names")
    func distinctness() {
        let plain = OutputPlan.ObjectPlan([("a", .value(.constant(.json("1")), Self.rule)), ("b", .value(.constant(.json("2")), Self.rule))])
        #expect(plain.keysAreDistinct)
        let repeated = OutputPlan.ObjectPlan([
            (Self.composed, .value(.constant(.json("1")), Self.rule)), (Self.decomposed, .value(.constant(.json("2")), Self.rule)),
        ])
        #expect(!repeated.keysAreDistinct)
        #expect(repeated.keys.map(\.text) == [Self.composed, Self.decomposed])
    }

    static let rule = OutputPlan.Rule(path: "x", location: SourceLocation(file: "t.yaml", line: 1, column: 1), keyLocation: nil)
}
