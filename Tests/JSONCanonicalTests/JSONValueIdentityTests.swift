import JSONCanonical
import Testing

/// Identity is what lets a save skip documents the store holds: it may say "changed" of equal
/// documents, never "the same" of different ones.
@Suite("JSON value identity")
struct JSONValueIdentityTests {
    static let document: JSONValue = ["id": "urn:x", "type": ["VerifiableCredential"], "credentialSubject": ["name": "Zoë"]]

    @Test("a copy is identical; an equal document built apart or parsed again is not")
    func copies() throws {
        let copy = Self.document
        #expect(copy.isIdentical(to: Self.document))
        let rebuilt: JSONValue = ["id": "urn:x", "type": ["VerifiableCredential"], "credentialSubject": ["name": "Zoë"]]
        #expect(rebuilt == Self.document)
        #expect(!rebuilt.isIdentical(to: Self.document))
        #expect(!(try JSONValue(parsing: Self.document.compactString)).isIdentical(to: Self.document))
    }

    @Test("a changed copy is not identical, at the top or deep inside")
    func changes() {
        var top = Self.document
        top["id"] = "urn:y"
        #expect(!top.isIdentical(to: Self.document))
        var deep = Self.document
        deep["credentialSubject"]?["name"] = "Ada"
        #expect(!deep.isIdentical(to: Self.document))
        var same = Self.document
        same["id"] = "urn:x"  // written back to the same value: equal, identical or not
        #expect(same == Self.document)
    }

    @Test("scalars by value; absent documents; kinds that differ")
    func scalarsAndOptionals() {
        #expect(JSONValue.null.isIdentical(to: .null))
        #expect(JSONValue.bool(true).isIdentical(to: .bool(true)) && !JSONValue.bool(true).isIdentical(to: .bool(false)))
        #expect(JSONValue.number(1).isIdentical(to: .number(1)) && !JSONValue.number(0).isIdentical(to: .number(-0.0)))
        #expect(JSONValue.string("a").isIdentical(to: .string("a")) && !JSONValue.string("a").isIdentical(to: .string("b")))
        #expect(JSONValue.array([]).isIdentical(to: .array([])) && JSONValue.object([:]).isIdentical(to: .object([:])))
        #expect(!JSONValue.array([]).isIdentical(to: .object([:])))
        #expect(JSONValue.isIdentical(nil, nil))
        #expect(!JSONValue.isIdentical(nil, Self.document) && !JSONValue.isIdentical(Self.document, nil))
        #expect(JSONValue.isIdentical(Self.document, Self.document))
    }
}
