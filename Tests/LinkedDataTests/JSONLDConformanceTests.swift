import Foundation
import JSONCanonical
import LinkedData
import Testing

/// The W3C JSON-LD 1.1 toRdf test suite (w3c/json-ld-api `tests/`), run when the environment
/// variable `JSONLD_API_TESTS` names a checkout's `tests` folder. The suite is not among the
/// shared vectors, so this test is opt-in; its files are served from a ContextStore under their
/// W3C URLs (nothing is fetched).
@Suite("W3C JSON-LD 1.1 toRdf suite (opt-in: JSONLD_API_TESTS)")
struct JSONLDConformanceTests {
    static let folder = ProcessInfo.processInfo.environment["JSONLD_API_TESTS"]
    static let baseIRI = "https://w3c.github.io/json-ld-api/tests/"

    /// Options this processor does not implement (JSON-LD 1.0 mode, rdfDirection, generalized
    /// RDF, expandContext) and non-normative tests.
    static func isSkipped(_ option: JSONObject) -> Bool {
        option["specVersion"] == "json-ld-1.0" || option["processingMode"] == "json-ld-1.0"
            || option["rdfDirection"] != nil || option["produceGeneralizedRdf"] == .bool(true)
            || option["expandContext"] != nil || option["normative"] == .bool(false)
    }

    static func store(root: URL) -> ContextStore {
        var store = ContextStore()
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".jsonld") || path.hasSuffix(".json"),
                  let data = try? Data(contentsOf: root.appendingPathComponent(path)),
                  let document = try? JSONValue(parsing: Array(data))
            else { continue }
            store = store.adding(url: baseIRI + path, document: document)
        }
        return store
    }

    @Test("every applicable toRdf test passes", .enabled(if: folder != nil))
    func toRdf() throws {
        let root = URL(fileURLWithPath: try #require(Self.folder))
        let store = Self.store(root: root)
        let manifest = try JSONValue(parsing: Array(Data(contentsOf: root.appendingPathComponent("toRdf-manifest.jsonld"))))
        var passed = 0
        var skipped = 0
        var failures: [String] = []
        for entry in manifest["sequence"]?.arrayValue ?? [] {
            let id = entry["@id"]?.stringValue ?? "?"
            let option = entry["option"]?.objectValue ?? JSONObject()
            guard !Self.isSkipped(option), let input = entry["input"]?.stringValue else {
                skipped += 1
                continue
            }
            let negative = entry["@type"]?.arrayValue?.contains("jld:NegativeEvaluationTest") ?? false
            let processor = JSONLDProcessor(
                options: .init(contexts: store, strict: false, base: option["base"]?.stringValue ?? Self.baseIRI + input))
            do {
                let document = try JSONValue(parsing: Array(Data(contentsOf: root.appendingPathComponent(input))))
                let actual = try processor.canonicalize(document).nquadsString
                if negative {
                    failures.append("\(id): expected error \(entry["expectErrorCode"]?.stringValue ?? "")")
                } else if let expect = entry["expect"]?.stringValue {
                    let text = try String(contentsOf: root.appendingPathComponent(expect), encoding: .utf8)
                    let expected = try RDFCanonicalizer().canonicalize(nquads: text).nquadsString
                    if actual == expected { passed += 1 } else { failures.append("\(id): got\n\(actual)expected\n\(expected)") }
                } else {
                    passed += 1
                }
            } catch {
                if negative { passed += 1 } else { failures.append("\(id): \(error)") }
            }
        }
        print("JSON-LD toRdf: \(passed) of \(passed + failures.count) pass, \(skipped) skipped")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(passed > 400)
    }
}
