import Certifier
import Foundation
import JSONCanonical
import Testing
import TestSupport

/// `CertifierCredential(json:)` reads what `JSONDecoder` reads, and refuses what it refuses.
@Suite("Certifier credential from a parsed document")
struct CertifierCredentialReaderTests {
    /// Every Certifier credential the repository holds: the example, the list page's items and the
    /// profiles' fixture inputs.
    static func repositoryCredentials() throws -> [(name: String, text: String)] {
        var found: [(String, String)] = []
        let example = SharedVectors.repositoryFile("Examples/certifier-credential.json")
        found.append(("Examples/certifier-credential.json", try String(contentsOf: example, encoding: .utf8)))
        let page = try JSONValue(parsing: Array(try Data(contentsOf: SharedVectors.repositoryFile("Examples/certifier-list-page.json"))))
        for (index, item) in (page["data"]?.arrayValue ?? []).enumerated() {
            found.append(("Examples/certifier-list-page.json data[\(index)]", String(decoding: item.canonicalBytes, as: UTF8.self)))
        }
        let fixtures = SharedVectors.repositoryFile("mappings/fixtures")
        for name in try FileManager.default.contentsOfDirectory(atPath: fixtures.path).sorted() {
            let input = fixtures.appendingPathComponent(name).appendingPathComponent("input.json")
            if let text = try? String(contentsOf: input, encoding: .utf8) { found.append(("mappings/fixtures/\(name)", text)) }
        }
        return found
    }

    /// Documents at the edges of the rules: nulls, wrong types, attribute maps with other values.
    static let edgeCases: [String] = [
        #"{"id":"a"}"#,
        #"{"id":"a","publicId":null,"recipient":null,"attributes":null,"customAttributes":null}"#,
        #"{"id":"a","recipient":{},"attributes":{},"customAttributes":{}}"#,
        #"{"id":"a","recipient":{"name":"Zoë","email":null,"extra":1}}"#,
        #"{"id":"a","attributes":{"x":"1","n":2,"b":true,"o":{},"z":null},"customAttributes":{"custom.t":"v","l":[1]}}"#,
        #"{"id":"a","future":{"anything":[1,2]},"status":"issued","issueDate":"2025-01-01","expiryDate":null}"#,
        #"{"id":"a","createdAt":"2025-01-01T00:00:00.000Z","updatedAt":"2025-01-02T00:00:00.000Z","groupId":"g"}"#,
        #"{"id":"\u00e9\n\"q\""}"#,
        // Refused by both.
        #"{}"#,
        #"{"id":null}"#,
        #"{"id":7}"#,
        #"{"id":"a","publicId":7}"#,
        #"{"id":"a","status":false}"#,
        #"{"id":"a","expiryDate":["2025-01-01"]}"#,
        #"{"id":"a","recipient":"Zoe"}"#,
        #"{"id":"a","recipient":{"email":5}}"#,
        #"{"id":"a","attributes":"x"}"#,
        #"{"id":"a","customAttributes":[]}"#,
        #"["a"]"#,
        #""a""#,
    ]

    @Test("both readers agree on every repository credential")
    func repositoryCredentialsAgree() throws {
        let credentials = try Self.repositoryCredentials()
        #expect(credentials.count >= 10)
        for (name, text) in credentials {
            let decoded = try JSONDecoder().decode(CertifierCredential.self, from: Data(text.utf8))
            let read = try CertifierCredential(json: JSONValue(parsing: Array(text.utf8)))
            #expect(read == decoded, "\(name)")
        }
    }

    @Test("both readers agree at the edges, refusals included", arguments: CertifierCredentialReaderTests.edgeCases)
    func edgeCasesAgree(text: String) throws {
        let decoded = try? JSONDecoder().decode(CertifierCredential.self, from: Data(text.utf8))
        let read = try? CertifierCredential(json: JSONValue(parsing: Array(text.utf8)))
        #expect(read == decoded)
    }

    @Test("a refusal names the member and what it should be")
    func refusalNamesMember() throws {
        #expect(throws: CertifierCredential.FieldError(field: "recipient.email", expected: "a string")) {
            try CertifierCredential(json: JSONValue(parsing: Array(#"{"id":"a","recipient":{"email":5}}"#.utf8)))
        }
        #expect(throws: CertifierCredential.FieldError(field: "id", expected: "a string")) {
            try CertifierCredential(json: JSONValue(parsing: Array(#"{"id":7}"#.utf8)))
        }
        #expect(
            CertifierCredential.FieldError(field: "attributes", expected: "an object").description
                == "credential member 'attributes' is not an object")
    }
}
