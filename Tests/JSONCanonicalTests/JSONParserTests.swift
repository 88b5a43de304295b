import JSONCanonical
import Testing

@Suite("Strict JSON parser")
struct JSONParserTests {
    @Test("keeps member order and reads nested values")
    func order() throws {
        let value = try JSONValue(parsing: #"{"z":1,"a":{"k":[true,null,"x"]},"m":-0.5}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
        #expect(value.value(at: [.key("a"), .key("k"), .index(2)]) == "x")
        #expect(value["m"] == .number(-0.5))
        #expect(value.compactString == #"{"z":1,"a":{"k":[true,null,"x"]},"m":-0.5}"#)
    }

    @Test("errors carry byte offset, line and column", arguments: [
        ("{\"a\":1,}", 7, JSONParseError.Reason.unexpectedCharacter(UInt8(ascii: "}"), expected: "a string key")),
        ("{\"a\":1,\n \"a\":2}", 9, .duplicateKey("a")),
        ("[1,2", 4, .unexpectedEndOfInput),
        ("\"\\ud800\"", 1, .loneSurrogate),
        ("01", 1, .trailingContent),
        ("1e400", 0, .numberOutOfRange("1e400")),
        ("\"a\u{01}\"", 2, .controlCharacterInString(1)),
        ("[1.]", 1, .invalidNumber("1.")),
        ("tru", 3, .unexpectedEndOfInput),
    ])
    func errors(input: String, offset: Int, reason: JSONParseError.Reason) {
        do {
            _ = try JSONValue(parsing: input)
            Issue.record("parsed \(input)")
        } catch {
            #expect(error.offset == offset, "\(error)")
            #expect(error.reason == reason, "\(error)")
        }
    }

    @Test("line and column count from one")
    func lineColumn() {
        do {
            _ = try JSONValue(parsing: "{\n  \"a\": 1,\n  \"b\": x\n}")
            Issue.record("parsed")
        } catch {
            #expect(error.line == 3)
            #expect(error.column == 8)
            #expect(error.description.contains("line 3, column 8"))
        }
    }

    @Test("invalid UTF-8 is refused")
    func invalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: [0x22, 0xC0, 0xAF, 0x22]) }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: [0x22, 0xED, 0xA0, 0x80, 0x22]) }
    }

    @Test("nesting beyond the limit is refused, not a crash")
    func depth() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: deep) }
    }

    @Test("surrogate pairs and non-ASCII text round-trip")
    func unicode() throws {
        let value = try JSONValue(parsing: #"["\ud83d\ude02","Zoë Ñúñez","日本"]"#)
        #expect(value[0] == "😂")
        #expect(value.canonicalString == #"["😂","Zoë Ñúñez","日本"]"#)
    }

    @Test("object equality ignores member order")
    func equality() throws {
        #expect(try JSONValue(parsing: #"{"a":1,"b":2}"#) == JSONValue(parsing: #"{"b":2,"a":1}"#))
        #expect(try JSONValue(parsing: #"{"a":1,"b":2}"#) != JSONValue(parsing: #"{"a":1,"b":3}"#))
    }
}
