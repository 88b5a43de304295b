import Testing
@testable import Mapping

@Suite("Parser: expressions and templates")
struct ExpressionParserTests {
    @Test("bracket paths keep dotted keys whole")
    func dottedKeys() throws {
        let syntax = try ExpressionParser.parse(#"customAttributes["custom.mentor"]"#)
        guard case .index(.name("customAttributes", _), .literal(.string("custom.mentor"), _), _) = syntax else {
            Issue.record("unexpected tree \(syntax)")
            return
        }
    }

    @Test("?? binds looser than or, which binds looser than and, which binds looser than ==")
    func precedence() throws {
        let syntax = try ExpressionParser.parse("a ?? b or c and d == e")
        guard case .binary(.coalesce, .name("a", _), .binary(.or, .name("b", _), .binary(.and, .name("c", _), .binary(.equal, _, _, _), _), _), _) = syntax else {
            Issue.record("unexpected tree \(syntax)")
            return
        }
    }

    @Test("syntax errors carry the character offset")
    func errorOffset() {
        do {
            _ = try ExpressionParser.parse("a == )")
            Issue.record("should not parse")
        } catch {
            #expect(error.offset == 5)
        }
        do {
            _ = try ExpressionParser.parse("recipient.")
            Issue.record("should not parse")
        } catch {
            #expect(error.offset == 10)
            #expect(error.message.contains("brackets"))
        }
    }

    @Test("templates split text and holes; a lone hole keeps its type")
    func templates() throws {
        let template = try TemplateParser.parse("did:web:wallet.example.org:users:{{ recipient.id }}")
        #expect(template.parts.count == 2)
        #expect(template.singleExpression == nil)
        #expect(try TemplateParser.parse("{{ credits }}").singleExpression != nil)
        #expect(try TemplateParser.parse("plain text").parts == [.text("plain text")])
        do {
            _ = try TemplateParser.parse("x {{ unclosed")
            Issue.record("should not parse")
        } catch {
            #expect(error.offset == 2)
        }
    }
}
