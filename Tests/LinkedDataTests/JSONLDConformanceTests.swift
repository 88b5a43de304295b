import Foundation
import JSONCanonical
import LinkedData
import TestSupport
import Testing

/// The W3C JSON-LD 1.1 toRdf test suite (w3c/json-ld-api `tests/`), from the shared vectors'
/// copy (`json-ld-api/tests`) or, when the environment variable `JSONLD_API_TESTS` is set, from
/// the `tests` folder it names. The suite's files are served from a ContextStore under their W3C
/// URLs (nothing is fetched).
///
/// A positive test passes when our canonical N-Quads equal the canonicalised expected ones; a
/// negative test passes only when the processor throws the JSON-LD API error code the manifest
/// expects (``JSONLDError/code``). Tests of options this processor does not implement are
/// skipped, each with its reason, and counted.
@Suite("W3C JSON-LD 1.1 toRdf suite")
struct JSONLDConformanceTests {
    /// The suite's `tests` folder: `JSONLD_API_TESTS` if set, else the shared vectors' copy.
    static var folder: URL {
        if let override = ProcessInfo.processInfo.environment["JSONLD_API_TESTS"] {
            return URL(fileURLWithPath: override)
        }
        return SharedVectors.url("json-ld-api/tests")
    }

    static let baseIRI = "https://w3c.github.io/json-ld-api/tests/"

    /// Why a test with these options is not run, or `nil` to run it. Each reason is an option
    /// ``JSONLDProcessor`` does not have: it implements JSON-LD 1.1 only, writes no base direction
    /// to RDF, produces no generalized RDF and takes no expandContext.
    static func skipReason(_ option: JSONObject) -> String? {
        if option["specVersion"] == "json-ld-1.0" { return "JSON-LD 1.0 only (the processor implements 1.1)" }
        if option["processingMode"] == "json-ld-1.0" { return "processingMode json-ld-1.0 (not implemented)" }
        if option["rdfDirection"] != nil { return "rdfDirection (not implemented)" }
        if option["produceGeneralizedRdf"] == .bool(true) { return "produceGeneralizedRdf (not implemented)" }
        if option["expandContext"] != nil { return "expandContext (not implemented)" }
        return nil
    }

    /// Every `.jsonld` and `.json` file of the suite under its W3C URL.
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

    /// Tallies by kind of test, for the summary line.
    struct Counts {
        var evaluation = 0
        var syntax = 0
        var negative = 0
        var skipped: [String: Int] = [:]
        var failed: [String: Int] = [:]

        var passed: Int { evaluation + syntax + negative }
        var skippedTotal: Int { skipped.values.reduce(0, +) }
        var failedTotal: Int { failed.values.reduce(0, +) }

        var summary: String {
            func list(_ tally: [String: Int]) -> String {
                tally.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            }
            return "toRdf: \(passed) passed (\(evaluation) evaluation, \(syntax) syntax, \(negative) negative with the expected error code), "
                + "\(skippedTotal) skipped (\(list(skipped))), \(failedTotal) failed"
                + (failed.isEmpty ? "" : " (\(list(failed)))")
        }
    }

    @Test("every applicable toRdf test passes; negative tests throw the expected error code")
    func toRdf() throws {
        let started = ContinuousClock.now
        let root = Self.folder
        let manifestURL = root.appendingPathComponent("toRdf-manifest.jsonld")
        try #require(
            FileManager.default.fileExists(atPath: manifestURL.path),
            "the JSON-LD API suite is missing: \(manifestURL.path) (shared vectors json-ld-api/tests, or JSONLD_API_TESTS)")
        let store = Self.store(root: root)
        let manifest = try JSONValue(parsing: Array(Data(contentsOf: manifestURL)))
        let entries = try #require(manifest["sequence"]?.arrayValue, "toRdf-manifest.jsonld has no sequence")
        var counts = Counts()
        for entry in entries {
            let id = entry["@id"]?.stringValue ?? "?"
            let option = entry["option"]?.objectValue ?? JSONObject()
            if let reason = Self.skipReason(option) {
                counts.skipped[reason, default: 0] += 1
                continue
            }
            let types = entry["@type"]?.arrayValue ?? []
            let input = try #require(entry["input"]?.stringValue, "\(id) has no input")
            let document = try JSONValue(parsing: Array(Data(contentsOf: root.appendingPathComponent(input))))
            let processor = JSONLDProcessor(
                options: .init(contexts: store, strict: false, base: option["base"]?.stringValue ?? Self.baseIRI + input))

            if types.contains("jld:NegativeEvaluationTest") {
                let expected = try #require(entry["expectErrorCode"]?.stringValue, "\(id) has no expectErrorCode")
                do {
                    let quads = try processor.toRDF(document)
                    counts.failed["negative without an error", default: 0] += 1
                    Issue.record("\(id): expected the error \"\(expected)\", got \(quads.count) quads")
                } catch {
                    if error.code == expected {
                        counts.negative += 1
                    } else {
                        counts.failed["negative with another error code", default: 0] += 1
                        Issue.record("\(id): expected the error \"\(expected)\", got \"\(error.code)\": \(error)")
                    }
                }
                continue
            }

            let actual: String
            do {
                actual = try processor.canonicalize(document).nquadsString
            } catch {
                counts.failed["positive that threw", default: 0] += 1
                Issue.record("\(id): \(error)")
                continue
            }
            if let expect = entry["expect"]?.stringValue {
                let text = try String(contentsOf: root.appendingPathComponent(expect), encoding: .utf8)
                let expected = try RDFCanonicalizer().canonicalize(nquads: text).nquadsString
                if actual == expected {
                    counts.evaluation += 1
                } else {
                    counts.failed["positive with other quads", default: 0] += 1
                    Issue.record("\(id): got\n\(actual)expected\n\(expected)")
                }
            } else if types.contains("jld:PositiveSyntaxTest") {
                counts.syntax += 1
            } else {
                counts.failed["positive without expect", default: 0] += 1
                Issue.record("\(id): a positive evaluation test without an expect file")
            }
        }
        print("\(counts.summary), in \(ContinuousClock.now - started)")
        #expect(counts.passed + counts.skippedTotal + counts.failedTotal == entries.count)
        #expect(counts.passed > 400, "\(counts.summary)")
    }
}
