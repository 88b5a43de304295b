import Foundation
import JSONCanonical
@testable import LinkedData
import TestSupport
import Testing

/// Document shape plans (`DocumentShapePlan`) against the general algorithm: for every document,
/// a processor that converts from plans gives the same canonical N-Quads, or the same error, as
/// one that never does. The documents are the shipped profiles' golden VCs, a context exercising
/// every kind of term, and the W3C toRdf suite, each with its leaves replaced by generated values
/// chosen to take the general algorithm down other branches (IRIs that are relative, blank,
/// keywords, compact or terms; numbers that change datatype; text with every N-Quads escape; the
/// sentinel prefixes themselves; equal node ids).
@Suite("Document shape plans against the general algorithm")
struct DocumentShapeEquivalenceTests {
    /// The profiles' context beside the bundled ones, and a test context with every term kind.
    static let store: ContextStore = {
        var store = ContextStore.bundled
        if let data = try? Data(contentsOf: SharedVectors.repositoryFile("mappings/contexts/certbridge-v1.jsonld")),
           let context = try? JSONValue(parsing: Array(data)) {
            store = store.adding(url: "https://certbridge.example.org/contexts/certbridge-v1.jsonld", document: context)
        }
        return store.adding(url: "https://example.org/shape-test-context", document: testContext)
    }()

    static let testContext: JSONValue = [
        "@context": [
            "@version": 1.1,
            "ex": "https://example.org/vocab#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "Thing": "ex:Thing",
            "Foo": "ex:Foo",
            "id": "@id",
            "type": "@type",
            "link": ["@id": "ex:link", "@type": "@id"],
            "kind": ["@id": "ex:kind", "@type": "@vocab"],
            "label": "ex:label",
            "german": ["@id": "ex:german", "@language": "de"],
            "when": ["@id": "ex:when", "@type": "xsd:dateTime"],
            "ratio": ["@id": "ex:ratio", "@type": "xsd:double"],
            "count": ["@id": "ex:count", "@type": "xsd:integer"],
            "flag": "ex:flag",
            "steps": ["@id": "ex:steps", "@container": "@list"],
            "part": ["@id": "ex:part", "@type": "@id"],
            "child": "ex:child",
        ],
    ]

    /// A document in the test context: node ids, IRI- and vocab-typed values, typed, language,
    /// list, number and boolean leaves, a nested blank node and a nested identified node.
    static let exotic: JSONValue = [
        "@context": ["https://example.org/shape-test-context"],
        "id": "https://example.org/things/1",
        "type": "Thing",
        "link": "https://example.org/other",
        "kind": "Foo",
        "label": "plain text",
        "german": "Straße",
        "when": "2025-03-31T00:00:00Z",
        "ratio": 2.5,
        "count": 3,
        "flag": true,
        "steps": ["one", 2, false, "ex:four"],
        "part": ["https://example.org/a", "https://example.org/b"],
        "child": ["label": "anonymous", "child": ["id": "did:example:inner", "label": "inner", "ratio": 1]],
    ]

    static func golden(_ name: String) throws -> JSONValue {
        try JSONValue(parsing: Array(Data(contentsOf: SharedVectors.repositoryFile("mappings/fixtures/\(name)/expected.json"))))
    }

    /// Strings that take IRI expansion and literals down every branch.
    static let strings: [String] = [
        "", "a", "Zoë Müller", "line\nbreak\r", "quote\" back\\slash", "\u{0}\u{1F}\u{7F}\t", "🎓 über", "\u{E000}x",
        "\u{E000}certbridge-shape:abc:0", "urn:x-certbridge-shape:abc:0",
        "https://example.org/a", "https://example.org/b", "http://example.org/a#b", "https://example.org/ünï",
        "did:example:123", "did:example:inner", "did:web:certbridge.example.org", "did:web:wallet.example.org:users:zoe-muller",
        "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e", "mailto:a@example.org", "ex:thing", "xsd:string", "Foo", "Thing",
        "label", "VerifiableCredential", "relative/path", "../up", "#frag", "?q=1", "//host/x", "_:b0", "_:x", "@type",
        "@id", "@ignored", "a b:c", "http://exa mple.org/", "https://example.org/things/1", "2025-03-31T00:00:00Z",
    ]
    static let numbers: [Double] = [0, -0.0, 1, -1, 2.5, 0.1, 1e21, 1e-7, 123_456_789_012, 1e300, -2.5e-10, 3]

    /// `document` with each scalar leaf outside `@context` replaced, one in four (`type` values
    /// one in twenty: they choose contexts, so a new one only sends the document to the general
    /// algorithm), by a generated value, now and then of another kind.
    static func vary(_ document: JSONValue, using generator: inout SeededGenerator, key: String? = nil) -> JSONValue {
        switch document {
        case .object(let object):
            var copy = JSONObject()
            for member in object {
                copy[member.key] = member.key == "@context" ? member.value : vary(member.value, using: &generator, key: member.key)
            }
            return .object(copy)
        case .array(let items):
            return .array(items.map { vary($0, using: &generator, key: key) })
        case .null:
            return .null
        default:
            let odds = key == "type" || key == "@type" ? 20 : 4
            guard Int.random(in: 0..<odds, using: &generator) == 0 else { return document }
            switch Int.random(in: 0..<20, using: &generator) {
            case 0: return .number(numbers.randomElement(using: &generator) ?? 0)
            case 1: return .bool(Bool.random(using: &generator))
            default: break
            }
            switch document {
            case .number: return .number(numbers.randomElement(using: &generator) ?? 0)
            case .bool(let flag): return .bool(!flag)
            default: return .string(strings.randomElement(using: &generator) ?? "")
            }
        }
    }

    enum Outcome: Equatable {
        case canonical(String)
        case failure(String)
    }

    /// The canonical N-Quads (or error) of `document`; both ways out of the processor (the
    /// result with quads, and the bytes alone, which a plan without blank nodes writes directly)
    /// must agree.
    static func outcome(_ processor: JSONLDProcessor, _ document: JSONValue) -> Outcome {
        let result: Outcome
        let bytes: Outcome
        do {
            result = .canonical(try processor.canonicalize(document).nquadsString)
        } catch {
            result = .failure("\(error)")
        }
        do {
            bytes = .canonical(String(decoding: try processor.canonicalNQuads(document), as: UTF8.self))
        } catch {
            bytes = .failure("\(error)")
        }
        return result == bytes ? result : .failure("canonicalize gave \(result), canonicalNQuads \(bytes)")
    }

    static func general(_ store: ContextStore, strict: Bool = true, base: String? = nil) -> JSONLDProcessor {
        JSONLDProcessor(options: .init(contexts: store, strict: strict, base: base, compilesDocumentShapes: false))
    }

    @Test(
        "generated variants of the profiles' VCs and of every term kind: same N-Quads or error as the general algorithm",
        arguments: ["tsg-revision-1", "v2-revision-1", "ob3-achievement", "exotic"])
    func variants(_ name: String) throws {
        let base = name == "exotic" ? Self.exotic : try Self.golden(name)
        let planned = JSONLDProcessor(options: .init(contexts: Self.store))
        let general = Self.general(Self.store)
        // The base twice: the second sighting compiles its shape.
        for _ in 0..<2 { #expect(Self.outcome(planned, base) == Self.outcome(general, base)) }
        let shapes = try #require(planned.shapes)
        #expect(shapes.statistics.compiled == 1, "the base document's shape has a plan")
        var generator = SeededGenerator(seed: 0x5EED_0000 &+ UInt64(name.utf8.count))
        for round in 0..<600 {
            let variant = Self.vary(base, using: &generator)
            let expected = Self.outcome(general, variant)
            let actual = Self.outcome(planned, variant)
            #expect(actual == expected, "round \(round): \(variant.compactString)")
            if actual != expected { break }
        }
        let statistics = shapes.statistics
        print("\(name): \(statistics.planned) documents from plans, \(statistics.general) by the general algorithm, \(statistics.compiled) plans, \(statistics.refused) refused")
        #expect(statistics.planned >= 100, "the plans were used: \(statistics)")
        #expect(statistics.general >= 50, "the general algorithm took the rest: \(statistics)")
    }

    @Test("a node id equal to another node's, a value equal to a node id: same N-Quads")
    func equalIdentifiers() throws {
        let planned = JSONLDProcessor(options: .init(contexts: Self.store))
        let general = Self.general(Self.store)
        let base = try Self.golden("tsg-revision-1")
        for _ in 0..<2 { _ = Self.outcome(planned, base) }
        var same = try #require(base.objectValue)
        var subject = try #require(same["credentialSubject"]?.objectValue)
        subject["id"] = same["id"]
        same["credentialSubject"] = .object(subject)
        same["issuer"] = same["id"]
        let document = JSONValue.object(same)
        #expect(Self.outcome(planned, document) == Self.outcome(general, document))
        #expect(try #require(planned.shapes).statistics.planned > 0, "the plan took the document")
    }

    @Test("a plan is compiled on the second sighting and used from the third; changing the options drops the plans")
    func compileOnSecondSighting() throws {
        var processor = JSONLDProcessor(options: .init(contexts: Self.store))
        let document = try Self.golden("tsg-revision-1")
        _ = try processor.canonicalize(document)
        #expect(processor.shapes?.statistics == .init(planned: 0, general: 1, compiled: 0, refused: 0))
        _ = try processor.canonicalize(document)
        #expect(processor.shapes?.statistics == .init(planned: 0, general: 2, compiled: 1, refused: 0))
        _ = try processor.canonicalize(document)
        #expect(processor.shapes?.statistics == .init(planned: 1, general: 2, compiled: 1, refused: 0))
        processor.options.strict = false
        _ = try processor.canonicalize(document)
        #expect(processor.shapes?.statistics == .init(planned: 0, general: 1, compiled: 0, refused: 0))
        processor.options.compilesDocumentShapes = false
        #expect(processor.shapes == nil)
    }

    @Test("documents of several shapes taking turns find their plans among the recent hashes; a plan that refuses a value hands the document on")
    func recentPlansFirst() throws {
        let planned = JSONLDProcessor(options: .init(contexts: Self.store))
        let general = Self.general(Self.store)
        let documents = try ["tsg-revision-1", "v2-revision-1", "ob3-achievement"].map(Self.golden) + [Self.exotic]
        // One outcome is two sightings (canonicalize, then canonicalNQuads): each shape compiles.
        for document in documents { #expect(Self.outcome(planned, document) == Self.outcome(general, document)) }
        let shapes = try #require(planned.shapes)
        let before = shapes.statistics
        #expect(before.compiled == documents.count && before.planned == 0)
        for round in 0..<5 {
            for document in documents {
                #expect(Self.outcome(planned, document) == Self.outcome(general, document), "round \(round)")
            }
        }
        let after = shapes.statistics
        #expect(after.planned - before.planned == 40, "every document from its plan: \(after)")
        // The first round hashes each document once; every other application found its plan
        // among the four recent hashes.
        #expect(after.plannedRecent - before.plannedRecent == 36, "\(after)")
        #expect(after.general == before.general)

        // The TSG plan is the most recent but cannot write a relative id: the document goes on
        // to the general algorithm (which refuses it in strict mode), as it would without plans.
        var relative = try #require(documents[0].objectValue)
        relative["id"] = "credentials/relative"
        let document = JSONValue.object(relative)
        let outcome = Self.outcome(planned, document)
        #expect(outcome == Self.outcome(general, document))
        guard case .failure(let message) = outcome else {
            Issue.record("a relative id is refused in strict mode: \(outcome)")
            return
        }
        #expect(message.contains("relative"), "\(message)")
        #expect(shapes.statistics.planned == after.planned)
    }

    @Test("a dataset larger than the bound is left to the general algorithm, however often it is seen")
    func largeDatasetsNotCompiled() throws {
        let processor = JSONLDProcessor(options: .init(contexts: Self.store))
        let labels = (0..<(DocumentShapeCache.maximumQuads + 1)).map { JSONValue.string("label \($0)") }
        let document: JSONValue = ["@context": ["https://example.org/shape-test-context"], "id": "https://example.org/big", "label": .array(labels)]
        for _ in 0..<3 { _ = try processor.canonicalize(document) }
        #expect(processor.shapes?.statistics == .init(planned: 0, general: 3, compiled: 0, refused: 0))
        let small: JSONValue = ["@context": ["https://example.org/shape-test-context"], "id": "https://example.org/small", "label": .array(Array(labels.prefix(3)))]
        for _ in 0..<3 { _ = try processor.canonicalize(small) }
        #expect(processor.shapes?.statistics == .init(planned: 1, general: 5, compiled: 1, refused: 0))
    }

    /// Sets the leaf at `path` of `document`.
    static func replacing(_ document: JSONValue, at path: ArraySlice<JSONPathComponent>, with value: JSONValue) -> JSONValue {
        guard let step = path.first else { return value }
        switch (document, step) {
        case (.object(var object), .key(let key)):
            object[key] = replacing(object[key] ?? .null, at: path.dropFirst(), with: value)
            return .object(object)
        case (.array(var items), .index(let index)) where items.indices.contains(index):
            items[index] = replacing(items[index], at: path.dropFirst(), with: value)
            return .array(items)
        default:
            return document
        }
    }

    @Test("the W3C toRdf suite: every document the plans take gives the expected N-Quads, and so do variants of its slots")
    func toRdfSuite() throws {
        let root = JSONLDConformanceTests.folder
        let manifestURL = root.appendingPathComponent("toRdf-manifest.jsonld")
        try #require(FileManager.default.fileExists(atPath: manifestURL.path), "the JSON-LD API suite is missing: \(manifestURL.path)")
        let store = JSONLDConformanceTests.store(root: root)
        let manifest = try JSONValue(parsing: Array(Data(contentsOf: manifestURL)))
        let entries = try #require(manifest["sequence"]?.arrayValue)
        var generator = SeededGenerator(seed: 0x70_5244_4620)
        var withPlan = 0
        var variantsPlanned = 0
        var variantsCompared = 0
        for entry in entries {
            let types = entry["@type"]?.arrayValue ?? []
            let option = entry["option"]?.objectValue ?? JSONObject()
            guard JSONLDConformanceTests.skipReason(option) == nil, types.contains("jld:PositiveEvaluationTest"),
                  let input = entry["input"]?.stringValue, let expect = entry["expect"]?.stringValue
            else { continue }
            let id = entry["@id"]?.stringValue ?? input
            let document = try JSONValue(parsing: Array(Data(contentsOf: root.appendingPathComponent(input))))
            let base = option["base"]?.stringValue ?? JSONLDConformanceTests.baseIRI + input
            let planned = JSONLDProcessor(options: .init(contexts: store, strict: false, base: base))
            let general = Self.general(store, strict: false, base: base)
            let expected = try RDFCanonicalizer().canonicalize(
                nquads: String(contentsOf: root.appendingPathComponent(expect), encoding: .utf8)).nquadsString
            for _ in 0..<3 {
                #expect(Self.outcome(planned, document) == .canonical(expected), "\(id)")
            }
            let shapes = try #require(planned.shapes)
            guard shapes.statistics.planned > 0 else { continue }
            withPlan += 1
            let plan = try #require(shapes.plans(for: document).first)
            for _ in 0..<20 {
                var variant = document
                for path in plan.shape.slotPaths {
                    guard Bool.random(using: &generator) else { continue }
                    let value: JSONValue
                    if case .number? = Self.leaf(document, at: path[...]) {
                        value = .number(Self.numbers.randomElement(using: &generator) ?? 0)
                    } else if case .bool? = Self.leaf(document, at: path[...]) {
                        value = .bool(Bool.random(using: &generator))
                    } else {
                        value = .string(Self.strings.randomElement(using: &generator) ?? "")
                    }
                    variant = Self.replacing(variant, at: path[...], with: value)
                }
                let before = shapes.statistics.planned
                let actual = Self.outcome(planned, variant)
                if shapes.statistics.planned > before { variantsPlanned += 1 }
                variantsCompared += 1
                #expect(actual == Self.outcome(general, variant), "\(id): \(variant.compactString)")
            }
        }
        print("toRdf through plans: \(withPlan) documents with a plan; \(variantsCompared) variants compared, \(variantsPlanned) of them from plans")
        #expect(withPlan >= 200, "plans apply to most of the suite: \(withPlan)")
        #expect(variantsPlanned >= 1_000, "variants were converted from plans: \(variantsPlanned)")
    }

    static func leaf(_ document: JSONValue, at path: ArraySlice<JSONPathComponent>) -> JSONValue? {
        guard let step = path.first else { return document }
        switch (document, step) {
        case (.object(let object), .key(let key)): return object[key].flatMap { leaf($0, at: path.dropFirst()) }
        case (.array(let items), .index(let index)) where items.indices.contains(index): return leaf(items[index], at: path.dropFirst())
        default: return nil
        }
    }
}
