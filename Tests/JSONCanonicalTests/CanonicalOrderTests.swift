import JSONCanonical
import Testing

/// RFC 8785 sorts members by UTF-16 code units; the writer compares UTF-8 bytes instead and
/// must agree everywhere, above all where UTF-8 and UTF-16 order differ.
@Suite("canonical member order and string escapes")
struct CanonicalOrderTests {
    /// Keys from each UTF-8 length class, including U+E000–U+FFFF against characters above U+FFFF.
    static let keys = [
        "", "a", "b", "ab", "aa", "A", "Z", "z", "é", "ö", "ü", "\u{7F}", "\u{80}", "\u{7FF}", "\u{800}",
        "€", "\u{D7FF}", "\u{E000}", "\u{FB33}", "\u{FFFD}", "\u{FFFF}", "😀", "\u{10000}", "\u{10FFFF}",
        "a😀", "a\u{FB33}", "a€", "1", "10", "1a", "\u{1F600}z", "\u{FB33}a",
    ]

    @Test("member order is the UTF-16 code unit order for every pair of keys")
    func pairwiseOrder() throws {
        for first in Self.keys {
            for second in Self.keys where first != second {
                let object = JSONValue.object(JSONObject([(first, .number(1)), (second, .number(2))]))
                let written = try JSONValue(parsing: object.canonicalString)
                let order = written.objectValue?.keys ?? []
                let expected = first.utf16.lexicographicallyPrecedes(second.utf16) ? [first, second] : [second, first]
                #expect(order == expected, "\(first.unicodeScalars.map(\.value)) vs \(second.unicodeScalars.map(\.value))")
            }
        }
    }

    @Test("all keys at once come out in UTF-16 order")
    func wholeObject() throws {
        let object = JSONValue.object(JSONObject(Self.keys.map { ($0, JSONValue.null) }))
        let order = try JSONValue(parsing: object.canonicalString).objectValue?.keys ?? []
        #expect(order == Self.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) })
    }

    @Test("escapes inside, at the start and at the end of a string; other text copied as is", arguments: [
        ("plain text", #""plain text""#),
        ("\"quoted\"", #""\"quoted\"""#),
        ("a\\b", #""a\\b""#),
        ("line\nbreak\ttab\r", #""line\nbreak\ttab\r""#),
        ("\u{08}\u{0C}", #""\b\f""#),
        ("\u{01}x\u{1F}", #""\u0001x\u001f""#),
        ("Zoë — 😀 /", "\"Zoë — 😀 /\""),
        ("", #""""#),
    ])
    func escapes(text: String, expected: String) {
        #expect(JSONValue.string(text).canonicalString == expected)
    }
}
