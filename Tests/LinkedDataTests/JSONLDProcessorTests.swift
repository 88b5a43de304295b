import Foundation
import JSONCanonical
import LinkedData
import TestSupport
import Testing

/// Parses a JSON literal written in a test.
private func json(_ text: String) throws -> JSONValue { try JSONValue(parsing: text) }

/// The canonical N-Quads of a document processed with the given options.
private func nquads(_ text: String, strict: Bool = true, store: ContextStore = .bundled) throws -> String {
    let processor = JSONLDProcessor(options: .init(contexts: store, strict: strict))
    return try processor.canonicalize(json(text)).nquadsString
}

@Suite("JSON-LD expansion and toRdf")
struct JSONLDProcessorTests {
    @Test("an undefined term is an error naming the term and its path")
    func undefinedTermIsAnError() throws {
        let document = """
            {"@context": ["https://www.w3.org/ns/credentials/v2"],
             "type": ["VerifiableCredential"], "issuer": "did:example:1",
             "credentialSubject": {"id": "did:example:2", "favouriteColour": "blue"}}
            """
        #expect(throws: JSONLDError.undefinedTerm(term: "favouriteColour", path: "$.credentialSubject.favouriteColour")) {
            try nquads(document)
        }
        // Non-strict mode drops the term, as plain JSON-LD does.
        let lenient = try nquads(document, strict: false)
        #expect(!lenient.contains("blue"))
        #expect(lenient.contains("<did:example:2>"))
    }

    @Test("an unknown context URL is an error naming it; an added context is used")
    func contextStore() throws {
        let document = """
            {"@context": "https://example.org/ctx/v1", "name": "x", "@id": "urn:a"}
            """
        #expect(throws: JSONLDError.unknownContext(url: "https://example.org/ctx/v1")) { try nquads(document) }
        let store = ContextStore.bundled.adding(
            url: "https://example.org/ctx/v1", document: try json(#"{"@context": {"name": "https://schema.org/name"}}"#))
        #expect(try nquads(document, store: store) == "<urn:a> <https://schema.org/name> \"x\" .\n")
    }

    @Test("errors carry the JSON-LD API error code: a missing context, a context document without @context")
    func errorCodes() throws {
        #expect(JSONLDError.unknownContext(url: "https://example.org/ctx/v1").code == "loading remote context failed")
        let store = ContextStore().adding(url: "https://example.org/list", document: try json(#"[{"@id": "urn:a"}]"#))
        #expect {
            try nquads(#"{"@context": "https://example.org/list", "@id": "urn:a"}"#, store: store)
        } throws: { error in
            (error as? JSONLDError)?.code == "invalid remote context"
        }
    }

    @Test("a term that is a relative IRI is expanded against @vocab, not taken for a cycle")
    func relativeIRITerm() throws {
        let document = """
            {"@context": {"@vocab": "https://example.org/", "./name": {}}, "@id": "urn:a", "./name": "x"}
            """
        #expect(try nquads(document, strict: false) == "<urn:a> <https://example.org/./name> \"x\" .\n")
    }

    @Test("every bundled context is present and byte-identical to the shared copy")
    func bundledContexts() throws {
        for entry in ContextStore.bundledFiles {
            let shared = try JSONValue(parsing: Array(SharedVectors.data("contexts/\(entry.file)")))
            #expect(ContextStore.bundled.documents[entry.url] == shared, "\(entry.url)")
            let resource = try Data(contentsOf: SharedVectors.repositoryFile("Sources/Standards/LinkedData/Contexts/\(entry.file)"))
            #expect(resource == (try SharedVectors.data("contexts/\(entry.file)")), "\(entry.file)")
        }
    }

    @Test("protected terms cannot be redefined")
    func protectedTerms() throws {
        let document = """
            {"@context": ["https://www.w3.org/ns/credentials/v2", {"name": "https://example.org/other"}],
             "name": "x"}
            """
        #expect(throws: JSONLDError.protectedTermRedefinition(term: "name")) { try nquads(document) }
        // The same definition again is allowed.
        let same = """
            {"@context": ["https://www.w3.org/ns/credentials/v2", {"name": "https://schema.org/name"}],
             "@id": "urn:a", "name": "x"}
            """
        #expect(try nquads(same) == "<urn:a> <https://schema.org/name> \"x\" .\n")
    }

    @Test("value coercion: @id, datatypes, numbers, booleans, language")
    func valueCoercion() throws {
        let document = """
            {"@context": {"@vocab": "https://ex.org/", "@language": "en",
               "link": {"@type": "@id"}, "when": {"@type": "http://www.w3.org/2001/XMLSchema#dateTime"},
               "plain": {"@language": null}},
             "@id": "urn:s", "link": "urn:o", "when": "2024-01-01T00:00:00Z", "count": 5, "ratio": 1.5,
             "flag": true, "label": "Hi", "plain": "raw", "big": 1e21}
            """
        let expected = """
            <urn:s> <https://ex.org/big> "1.0E21"^^<http://www.w3.org/2001/XMLSchema#double> .
            <urn:s> <https://ex.org/count> "5"^^<http://www.w3.org/2001/XMLSchema#integer> .
            <urn:s> <https://ex.org/flag> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .
            <urn:s> <https://ex.org/label> "Hi"@en .
            <urn:s> <https://ex.org/link> <urn:o> .
            <urn:s> <https://ex.org/plain> "raw" .
            <urn:s> <https://ex.org/ratio> "1.5E0"^^<http://www.w3.org/2001/XMLSchema#double> .
            <urn:s> <https://ex.org/when> "2024-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .

            """
        #expect(try nquads(document) == expected)
    }

    @Test("@json values become canonical (JCS) rdf:JSON literals")
    func jsonLiterals() throws {
        let document = """
            {"@context": {"data": {"@id": "https://ex.org/data", "@type": "@json"}},
             "@id": "urn:s", "data": {"b": [1, 2.50], "a": "x"}}
            """
        #expect(try nquads(document) == """
            <urn:s> <https://ex.org/data> "{\\"a\\":\\"x\\",\\"b\\":[1,2.5]}"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON> .

            """)
    }

    @Test("@list containers become rdf:first/rdf:rest chains")
    func lists() throws {
        let document = """
            {"@context": {"items": {"@id": "https://ex.org/items", "@container": "@list"}},
             "@id": "urn:s", "items": ["a", "b"]}
            """
        #expect(try nquads(document) == """
            <urn:s> <https://ex.org/items> _:c14n1 .
            _:c14n0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> "b" .
            _:c14n0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> <http://www.w3.org/1999/02/22-rdf-syntax-ns#nil> .
            _:c14n1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> "a" .
            _:c14n1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> _:c14n0 .

            """)
    }

    @Test("language, index, id and type maps, @nest and @reverse")
    func containers() throws {
        let document = """
            {"@context": {"@vocab": "https://ex.org/",
               "title": {"@container": "@language"}, "byIndex": {"@container": "@index"},
               "byId": {"@container": "@id"}, "byType": {"@container": "@type"},
               "meta": "@nest", "parent": {"@reverse": "https://ex.org/child"}},
             "@id": "urn:s", "title": {"en": "Hello", "de": "Hallo"},
             "byIndex": {"k": {"@id": "urn:i"}}, "byId": {"urn:x": {"name": "X"}},
             "byType": {"Thing": {"@id": "urn:t"}}, "meta": {"nested": "n"}, "parent": {"@id": "urn:p"}}
            """
        let expected = """
            <urn:p> <https://ex.org/child> <urn:s> .
            <urn:s> <https://ex.org/byId> <urn:x> .
            <urn:s> <https://ex.org/byIndex> <urn:i> .
            <urn:s> <https://ex.org/byType> <urn:t> .
            <urn:s> <https://ex.org/nested> "n" .
            <urn:s> <https://ex.org/title> "Hallo"@de .
            <urn:s> <https://ex.org/title> "Hello"@en .
            <urn:t> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://ex.org/Thing> .
            <urn:x> <https://ex.org/name> "X" .

            """
        #expect(try nquads(document) == expected)
    }

    @Test("type-scoped contexts do not propagate; property-scoped ones do")
    func scopedContexts() throws {
        let document = """
            {"@context": {"@vocab": "https://ex.org/",
               "Person": {"@id": "https://ex.org/Person", "@context": {"name": "https://schema.org/name"}},
               "knows": {"@id": "https://ex.org/knows", "@context": {"label": "https://schema.org/label"}}},
             "@id": "urn:a", "@type": "Person", "name": "A",
             "knows": {"@id": "urn:b", "name": "B", "label": "L"}}
            """
        let expected = """
            <urn:a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://ex.org/Person> .
            <urn:a> <https://ex.org/knows> <urn:b> .
            <urn:a> <https://schema.org/name> "A" .
            <urn:b> <https://ex.org/name> "B" .
            <urn:b> <https://schema.org/label> "L" .

            """
        #expect(try nquads(document) == expected)
    }

    @Test("@graph containers put the value in a named graph (as VC proofs do)")
    func graphContainer() throws {
        let document = """
            {"@context": {"@vocab": "https://ex.org/", "proof": {"@id": "https://ex.org/proof", "@container": "@graph"}},
             "@id": "urn:s", "proof": {"kind": "p"}}
            """
        let expected = """
            <urn:s> <https://ex.org/proof> _:c14n1 .
            _:c14n0 <https://ex.org/kind> "p" _:c14n1 .

            """
        #expect(try nquads(document) == expected)
    }

    @Test("a relative @id is an error in strict mode")
    func relativeIdentifier() throws {
        let document = #"{"@context": {"@vocab": "https://ex.org/"}, "@id": "people/1", "name": "x"}"#
        #expect(throws: JSONLDError.relativeIRI(value: "people/1", path: "$.@id")) { try nquads(document) }
        let based = JSONLDProcessor(options: .init(base: "https://ex.org/base/doc"))
        #expect(try based.canonicalize(json(document)).nquadsString == "<https://ex.org/base/people/1> <https://ex.org/name> \"x\" .\n")
    }
}

@Suite("N-Quads and IRI helpers")
struct NQuadsTests {
    @Test("parse errors name line and column")
    func parseErrorPosition() {
        let input = "<urn:a> <urn:p> \"ok\" .\n<urn:a> \"literal-predicate\" <urn:o> .\n"
        #expect(throws: NQuadsParseError(line: 2, column: 9, reason: "the predicate must be an IRI")) {
            try NQuadsParser().parse(input)
        }
    }

    @Test(
        "an escape in an IRI may not stand for a character IRIs exclude (it could not be written back); other escapes stay",
        arguments: ["\\u001b", "\\u0020", "\\u003E", "\\u005C", "\\U00000022"])
    func excludedEscapeInIRI(escape: String) throws {
        #expect(throws: NQuadsParseError(line: 1, column: 25, reason: "escape in an IRI stands for a character not allowed in an IRI")) {
            try NQuadsParser().parse("<urn:s> <urn:p> <urn:ex:\(escape)> .\n")
        }
        let allowed = try NQuadsParser().parse("<urn:s> <urn:p> <urn:ex:\\u00a0\\u00E9> .\n")
        #expect(allowed.first?.object == .iri("urn:ex:\u{a0}\u{e9}"))
        #expect(try NQuadsParser().parse(NQuadsSerializer.document(allowed)) == allowed)
    }

    @Test("parse then serialise round-trips canonical lines, escapes included")
    func roundTrip() throws {
        let input = "<urn:s> <urn:p> \"a\\\"b\\\\c\\n\\u0001\"@en-gb <urn:g> .\n_:x <urn:p> \"1\"^^<urn:dt> .\n"
        let quads = try NQuadsParser().parse(input)
        #expect(quads.count == 2)
        #expect(quads[0].object == .literal(RDFLiteral("a\"b\\c\n\u{01}", language: "en-gb")))
        #expect(NQuadsSerializer.document(quads) == input)
    }

    @Test("relative references resolve against @base per RFC 3986")
    func relativeResolution() throws {
        let processor = JSONLDProcessor(options: .init(base: "http://a/b/c/d;p?q"))
        let document = try JSONValue(parsing: """
            {"@context": {"@vocab": "urn:v:", "r": {"@type": "@id"}},
             "@id": "../g", "r": ["g?y#s", "//h/x", "?y", "../../../g"]}
            """)
        let objects = try processor.toRDF(document).map(\.object)
        #expect(try processor.toRDF(document).first?.subject == .iri("http://a/b/g"))
        #expect(Set(objects) == [.iri("http://a/b/c/g?y#s"), .iri("http://h/x"), .iri("http://a/b/c/d;p?y"), .iri("http://a/g")])
    }
}

@Suite("JSON-LD strict mode: types")
struct StrictTypeTests {
    @Test("an undefined type name is an undefined term, naming $.type")
    func undefinedType() throws {
        let document = try JSONValue(parsing: """
            {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential", "CertifierCredential"],
             "issuer": "did:example:1", "credentialSubject": {"id": "did:example:2"}}
            """)
        #expect(throws: JSONLDError.undefinedTerm(term: "CertifierCredential", path: "$.type")) {
            try JSONLDProcessor().toRDF(document)
        }
    }
}

@Suite("processed-context cache")
struct ContextCacheTests {
    @Test("replacing a context document in a store is seen by the next run")
    func replacedContextIsSeen() throws {
        let url = "https://example.org/ctx/cache"
        let document = try JSONValue(parsing: #"{"@context": "https://example.org/ctx/cache", "@id": "urn:a", "name": "x"}"#)
        let first = ContextStore().adding(url: url, document: try JSONValue(parsing: #"{"@context": {"name": "https://ex.org/one"}}"#))
        let before = try JSONLDProcessor(options: .init(contexts: first)).canonicalize(document).nquadsString
        let second = first.adding(url: url, document: try JSONValue(parsing: #"{"@context": {"name": "https://ex.org/two"}}"#))
        let after = try JSONLDProcessor(options: .init(contexts: second)).canonicalize(document).nquadsString
        #expect(before == "<urn:a> <https://ex.org/one> \"x\" .\n")
        #expect(after == "<urn:a> <https://ex.org/two> \"x\" .\n")
        #expect(try JSONLDProcessor(options: .init(contexts: first)).canonicalize(document).nquadsString == before)
    }

    @Test("concurrent canonicalisation with one shared store gives identical results")
    func concurrentUse() async throws {
        let document = try JSONValue(parsing: Array(SharedVectors.data("eddsa-rdfc-2022/unsigned.json")))
        let expected = try SharedVectors.text("eddsa-rdfc-2022/canonDocDataInt.txt")
        let results = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<16 { group.addTask { try JSONLDProcessor().canonicalize(document).nquadsString } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(results.count == 16)
        #expect(results.allSatisfy { $0 == expected })
    }
}

@Suite("JSON-LD strict mode: values RDF would drop")
struct StrictValueTests {
    @Test("a malformed language tag is an error in strict mode and dropped otherwise")
    func malformedLanguageTag() throws {
        let document = try JSONValue(parsing: #"{"@id": "urn:a", "https://ex.org/p": {"@value": "x", "@language": "not a tag"}}"#)
        #expect(throws: JSONLDError.self) { try JSONLDProcessor().toRDF(document) }
        #expect(try JSONLDProcessor(options: .init(strict: false)).toRDF(document).isEmpty)
    }

    @Test("an @id that is not a well-formed IRI is an error in strict mode")
    func malformedIdentifier() throws {
        let document = try JSONValue(parsing: #"{"@id": "https://ex.org/a b", "https://ex.org/p": "x"}"#)
        #expect(throws: JSONLDError.relativeIRI(value: "https://ex.org/a b", path: "$.@id")) { try JSONLDProcessor().toRDF(document) }
    }
}
