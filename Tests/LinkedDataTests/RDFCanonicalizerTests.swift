import Foundation
import JSONCanonical
import LinkedData
import TestSupport
import Testing

@Suite("RDFC-1.0: W3C rdf-canon test suite")
struct RDFCanonicalizerTests {
    @Test("every manifest entry is understood")
    func manifestIsComplete() {
        #expect(RDFCanonCase.all.count == RDFCanonCase.manifestEntryCount)
        #expect(RDFCanonCase.all.count > 60)
    }

    @Test("rdf-canon case", arguments: RDFCanonCase.all)
    func runCase(_ testCase: RDFCanonCase) throws {
        try check(testCase)
    }

    @Test("summary: N of M rdf-canon tests pass")
    func summary() {
        var failures: [String] = []
        for testCase in RDFCanonCase.all {
            do { try check(testCase) } catch { failures.append("\(testCase.id): \(error)") }
        }
        let passed = RDFCanonCase.all.count - failures.count
        print("rdf-canon: \(passed) of \(RDFCanonCase.all.count) pass; failures: \(failures)")
        #expect(failures.isEmpty)
    }

    @Test("the work limit is configurable and named in the error")
    func configurableLimit() throws {
        let input = try SharedVectors.text("rdf-canon/rdfc10/test044-in.nq")
        let strict = RDFCanonicalizer(options: .init(workLimit: 10))
        #expect(throws: RDFCanonicalizationError.workLimitExceeded(limit: 10, blankNodes: 12)) {
            try strict.canonicalize(nquads: input)
        }
    }
}

/// Fails (throws) unless the case behaves as the manifest says.
private func check(_ testCase: RDFCanonCase) throws {
    let input = try SharedVectors.text("rdf-canon/\(testCase.action)")
    let canonicalizer = RDFCanonicalizer(options: .init(hashAlgorithm: testCase.sha384 ? .sha384 : .sha256))
    switch testCase.kind {
    case .negative:
        do {
            _ = try canonicalizer.canonicalize(nquads: input)
            throw CaseFailure(reason: "completed, but the poison graph must hit the work limit")
        } catch is RDFCanonicalizationError {
            return
        }
    case .eval:
        let expected = try SharedVectors.text("rdf-canon/\(testCase.result ?? "")")
        let result = try canonicalizer.canonicalize(nquads: input)
        let actual = result.nquadsString
        guard actual == expected else {
            throw CaseFailure(reason: "output differs:\n\(actual)\nexpected:\n\(expected)")
        }
    case .map:
        let expectedJSON = try JSONValue(parsing: Array(SharedVectors.data("rdf-canon/\(testCase.result ?? "")")))
        var expected: [String: String] = [:]
        for member in expectedJSON.objectValue ?? JSONObject() { expected[member.key] = member.value.stringValue }
        let actual = try canonicalizer.canonicalize(nquads: input).issuedIdentifiers
        guard actual == expected else { throw CaseFailure(reason: "map \(actual) != expected \(expected)") }
    }
}

private struct CaseFailure: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
