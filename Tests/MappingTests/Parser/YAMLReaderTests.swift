import Testing
@testable import Mapping

@Suite("Parser: YAML with positions")
struct YAMLReaderTests {
    @Test("every node knows its line and column")
    func positions() throws {
        let text = "a: 1\nb:\n  - x\n  - 'y'\n"
        let root = try YAMLReader.read(text, file: "f.yaml").get()
        #expect(root["a"]?.location == SourceLocation(file: "f.yaml", line: 1, column: 4))
        let elements = try #require(root["b"]?.elements)
        #expect(elements[1].location == SourceLocation(file: "f.yaml", line: 4, column: 5))
        #expect(elements[1].kind == .scalar("y", .quoted))
    }

    @Test("a duplicate key is a YAML error with its position")
    func duplicateKeys() {
        let result = YAMLReader.read("a: 1\na: 2\n", file: "f.yaml")
        guard case .failure(let diagnostic) = result else {
            Issue.record("duplicate keys accepted")
            return
        }
        #expect(diagnostic.kind == .yamlSyntax)
        #expect(diagnostic.message.contains("duplicate key a"))
    }

    @Test("broken YAML reports the problem's line")
    func syntaxError() {
        guard case .failure(let diagnostic) = YAMLReader.read("a: [1, 2\nb: 3\n", file: "f.yaml") else {
            Issue.record("accepted")
            return
        }
        #expect(diagnostic.kind == .yamlSyntax)
        #expect(diagnostic.location.line >= 2)
    }
}
