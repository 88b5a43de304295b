import JSONCanonical
import LinkedData
import Testing

/// One store (and so one context cache) serves every document of a run: a scoped context must
/// be reused only on the very active context it was applied to.
@Suite("Scoped-context cache")
struct ScopedContextCacheTests {
    /// One context URL whose types `T` and `Nested` carry scoped contexts; the documents add
    /// their own `@vocab`, so the same scoped context (same object, same base URL) is applied
    /// to different active contexts.
    private static func store() throws -> ContextStore {
        ContextStore().adding(
            url: "https://example.org/types",
            document: try JSONValue(parsing: """
                {"@context": {
                  "T": {"@id": "http://example.org/T", "@context": {"p": "http://example.org/scoped/p"}},
                  "Nested": {"@id": "http://example.org/Nested", "@context": {"r": "http://example.org/scoped/r"}}}}
                """))
    }

    private static func document(_ vocab: String, _ id: String) throws -> JSONValue {
        try JSONValue(parsing: """
            {"@context": ["https://example.org/types", {"@vocab": "http://example.org/\(vocab)/"}],
             "@id": "urn:\(id)", "@type": "T", "p": "a", "q": "b",
             "child": {"@id": "urn:\(id)-child", "@type": "Nested", "r": "c", "s": "d"}}
            """)
    }

    private static func nquads(_ document: JSONValue, _ store: ContextStore) throws -> String {
        try JSONLDProcessor(options: .init(contexts: store)).canonicalize(document).nquadsString
    }

    @Test("the same scoped context over two vocabularies gives each document its own terms")
    func scopedContextFollowsTheActiveContext() throws {
        let shared = try Self.store()
        let one = try Self.document("one", "1")
        let two = try Self.document("two", "2")
        // Alternate the documents over one store, as a batch does, several times.
        var outputs: [String] = []
        for _ in 0..<3 {
            outputs.append(try Self.nquads(one, shared))
            outputs.append(try Self.nquads(two, shared))
        }
        // Each equals what a fresh store (an empty cache) gives.
        let freshOne = try Self.nquads(one, try Self.store())
        let freshTwo = try Self.nquads(two, try Self.store())
        #expect(outputs == Array(repeating: [freshOne, freshTwo], count: 3).flatMap { $0 })
        #expect(freshOne.contains("<urn:1> <http://example.org/one/q> \"b\""))
        #expect(freshOne.contains("<urn:1-child> <http://example.org/one/s> \"d\""))
        #expect(freshTwo.contains("<urn:2> <http://example.org/two/q> \"b\""))
        #expect(freshTwo.contains("<urn:2-child> <http://example.org/two/s> \"d\""))
        #expect(freshOne.contains("<urn:1> <http://example.org/scoped/p> \"a\""))
        #expect(freshTwo.contains("<urn:2-child> <http://example.org/scoped/r> \"c\""))
    }

    @Test("a type-scoped context does not leak into a nested node after the cache is warm")
    func typeScopedContextStaysScoped() throws {
        let shared = try Self.store()
        // `p` is defined only inside T's scope: on the untyped child it is an undefined term.
        let leaking = try JSONValue(parsing: """
            {"@context": ["https://example.org/types", {"@vocab": "http://example.org/one/"}], "@id": "urn:x", "@type": "T", "p": "a",
             "child": {"@id": "urn:y", "p": "b"}}
            """)
        _ = try Self.nquads(try Self.document("one", "warm"), shared)
        for store in [shared, try Self.store()] {
            let output = try JSONLDProcessor(options: .init(contexts: store, strict: false)).canonicalize(leaking).nquadsString
            #expect(output.contains("<urn:x> <http://example.org/scoped/p> \"a\""))
            #expect(output.contains("<urn:y> <http://example.org/one/p> \"b\""))
        }
    }
}
