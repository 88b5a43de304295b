import Foundation
@testable import JSONCanonical
import TestSupport
import Testing

/// The parser, the writers, the number formatter and the key lookup were rewritten for speed
/// (issue 7). These tests hold each to the implementation before it (Reference/) over many
/// generated inputs: same values, same bytes, same errors at the same offset, line and column.
@Suite("fast paths behave as the code before them")
struct FastPathEquivalenceTests {
    /// Every class of character a string writer or reader treats differently: plain ASCII, the
    /// escapes with short forms, other controls, DEL, and each UTF-8 length, including the
    /// characters where UTF-8 and UTF-16 order differ.
    static let pieces: [String] = [
        "a", "Z", "/", "\"", "\\", "\u{0}", "\u{1F}", "\n", "\t", "\u{08}", "\u{0C}", "\r", "\u{7F}", " ",
        "é", "\u{7FF}", "€", "\u{FFFD}", "\u{E000}", "\u{FFFF}", "😀", "\u{10FFFF}", "e\u{301}", "\u{212A}",
    ]

    static func strings() -> [String] {
        var result: [String] = [""]
        for length in 1...20 {
            for position in 0..<length {
                for piece in pieces {
                    result.append(String(repeating: "x", count: position) + piece
                        + String(repeating: "y", count: length - position - 1))
                }
            }
        }
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<2_000 {
            let count = Int.random(in: 0...40, using: &generator)
            result.append((0..<count).map { _ in pieces.randomElement(using: &generator) ?? "a" }.joined())
        }
        return result
    }

    @Test("strings: every escape class and UTF-8 length at every position, all three styles")
    func stringsWriteAsBefore() throws {
        for text in Self.strings() {
            let value = JSONValue.string(text)
            for style in Self.styles {
                #expect(JSONWriter(style: style).bytes(value) == ReferenceWriter(style: style).bytes(value))
            }
            let written = JSONWriter(style: .compact).bytes(value)
            #expect(try JSONValue(parsing: written) == value)
            #expect(try referenceParse(written) == value)
        }
    }

    @Test("strings as keys: canonical member order and lookups as before")
    func keysAsBefore() throws {
        var generator = SeededGenerator(seed: 11)
        let keys = Self.strings()
        for _ in 0..<400 {
            let count = Int.random(in: 0...24, using: &generator)
            let pairs = (0..<count).map { index in
                (keys.randomElement(using: &generator) ?? "", JSONValue.number(Double(index)))
            }
            let object = JSONObject(pairs)
            let value = JSONValue.object(object)
            #expect(value.canonicalBytes == ReferenceWriter(style: .canonical).bytes(value))
            #expect(value.compactString.utf8.elementsEqual(ReferenceWriter(style: .compact).bytes(value)))
            #expect(object.members.map(\.key) == Self.referenceObjectKeys(pairs))
            for probe in keys.prefix(200) + pairs.map(\.0) {
                #expect(object[probe] == object.members.first(where: { $0.key == probe })?.value)
                #expect(object.contains(probe) == object.members.contains(where: { $0.key == probe }))
            }
        }
    }

    /// The key order `JSONObject(pairs)` gave before: a later key equal (by String ==) to an
    /// earlier one replaces its value in place.
    static func referenceObjectKeys(_ pairs: [(String, JSONValue)]) -> [String] {
        var keys: [String] = []
        for (key, _) in pairs where !keys.contains(where: { $0 == key }) { keys.append(key) }
        return keys
    }

    @Test("keys equal under String == are one key, as before: lookup, replace, remove, duplicates")
    func canonicalEquivalence() {
        var object = JSONObject([("é", 1), ("K", 2), ("ab", 3)])
        #expect(object["e\u{301}"] == 1)
        #expect(object["\u{212A}"] == 2)
        object["e\u{301}"] = 4
        #expect(object.keys == ["é", "K", "ab"])
        #expect(object["é"] == 4)
        #expect(object.removeValue(forKey: "\u{212A}") == 2)
        #expect(object.keys == ["é", "ab"])
        #expect(JSONObject([("ab", 1), ("é", 2)]) == JSONObject([("e\u{301}", 2), ("ab", 1)]))
        var renamed = JSONObject([("x", 1)]).members[0]
        renamed.key = "K"
        #expect(JSONValue.object(JSONObject([("\u{212A}", 1)])) == .object(JSONObject([(renamed.key, renamed.value)])))
    }

    static let styles: [JSONWriter.Style] = [.canonical, .compact, .pretty]

    @Test("numbers: integers and other doubles written as before")
    func numbersAsBefore() {
        var numbers: [Double] = [0, -0.0, 1, -1, 0.5, -0.5, 1e21, 1e-7, 9_007_199_254_740_991, 9_007_199_254_740_992,
                                 -9_007_199_254_740_991, -9_007_199_254_740_992, 9_007_199_254_740_993, .nan, .infinity,
                                 -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 123_456_789_012_345_680]
        for exponent in 0...70 {
            let power = pow(2.0, Double(exponent))
            let ten = pow(10.0, Double(exponent % 25))
            for offset in [-3.0, -2, -1, 0, 1, 2, 3] { numbers += [power + offset, -(power + offset), ten + offset, ten * 1.5] }
        }
        numbers += (-10_000...10_000).map(Double.init)
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<20_000 {
            numbers.append(Double(Int64.random(in: -(1 << 54)...(1 << 54), using: &generator)))
            numbers.append(Double(bitPattern: generator.next()))
            numbers.append(Double.random(in: -1e6...1e6, using: &generator).rounded() / 100)
        }
        // Every layout of the byte-level formatShortest: each decimal exponent from 1e-325 to 1e309
        // (fixed, "0.000…", exponent with one, two and three digits, either sign) with 1 to 17 digits.
        for exponent in -325...309 {
            numbers.append(-pow(10.0, Double(exponent)) * 1.25)
            for digitCount in 1...17 {
                let mantissa = Double(Int64.random(in: 1...99_999_999_999_999_999, using: &generator) % Int64(pow(10.0, Double(digitCount))))
                numbers.append(mantissa * pow(10.0, Double(exponent - digitCount)))
            }
        }
        #expect(numbers.filter { $0.isFinite && $0 != $0.rounded() }.count > 20_000)
        for number in numbers {
            // The reference is the Substring algorithm from before; format adds the integer path
            // and formatShortest (used for every other number) works on bytes.
            #expect(ECMAScriptNumber.format(number) == ReferenceNumber.shortest(number), "\(number.bitPattern)")
            #expect(ECMAScriptNumber.formatShortest(number) == ReferenceNumber.shortest(number), "\(number.bitPattern)")
            let value = JSONValue.array([.number(number)])
            #expect(value.canonicalBytes == ReferenceWriter(style: .canonical).bytes(value), "\(number.bitPattern)")
        }
    }

    @Test("number literals parse to the same double or the same error")
    func numberLiteralsAsBefore() {
        var literals = ["0", "-0", "1", "-1", "-", "--1", "01", "1.", ".1", "1e", "1e+", "1E+2", "-0.0", "1e400",
                        "-1e400", "4.9e-324", "1e-400", "999999999999999", "9999999999999999", "123456789012345",
                        "1234567890123456", "12345678901234567890", "9007199254740993", "-9007199254740993",
                        "100000000000000000000000", "0.1", "-5e-1", "2.5", "1x", "-a", "[-]", "[1,-0]", "1 2"]
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<5_000 {
            let digits = Int.random(in: 1...19, using: &generator)
            var text = Bool.random(using: &generator) ? "-" : ""
            text += String(Int.random(in: 1...9, using: &generator))
            for _ in 1..<digits { text += String(Int.random(in: 0...9, using: &generator)) }
            literals.append(text)
        }
        for literal in literals { Self.expectSameParse(Array(literal.utf8)) }
    }

    @Test("documents and every truncation, deletion and byte substitution of them parse as before")
    func documentsAsBefore() throws {
        var documents: [[UInt8]] = try JCSVectorTests.names.map { Array(try SharedVectors.data("jcs/input/\($0).json")) }
        let lines = try String(contentsOf: Self.examples, encoding: .utf8).split(separator: "\n")
        documents += lines.map { Array($0.utf8) }
        documents += Self.edgeDocuments.map { Array($0.utf8) }
        for document in documents { Self.expectSameParse(document) }
        let substitutes: [UInt8] = [0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A, 0x30, 0x2D, 0x65, 0x2E, 0x75, 0x01,
                                    0x0A, 0x20, 0x80, 0xBF, 0xC0, 0xC3, 0xE0, 0xED, 0xF0, 0xF4, 0xF5, 0xFF]
        for document in documents where document.count < 2_000 {
            for cut in 0..<document.count {
                Self.expectSameParse(Array(document[..<cut]))
                var deleted = document
                deleted.remove(at: cut)
                Self.expectSameParse(deleted)
            }
            for position in document.indices {
                for byte in substitutes where byte != document[position] {
                    var changed = document
                    changed[position] = byte
                    Self.expectSameParse(changed)
                }
            }
        }
    }

    /// Escapes, surrogates, invalid UTF-8, duplicate keys near and beyond the hashing limit,
    /// keys equal only under Unicode canonical equivalence, nesting, a byte order mark.
    static let edgeDocuments: [String] = {
        let wide = (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        return [
            #"["\u0041\u00e9\u20AC\ud83d\ude00\/\b\f\n\r\t\"\\"]"#, #"["\ud800"]"#, #"["\udc00x"]"#, #"["\ud800\u0041"]"#,
            #"["\u12"]"#, #"["\u12g4"]"#, #"["\x"]"#, #"["\"#, #"{"a\u0062":1,"ab":2}"#, #"{"é":1,"e\u0301":2}"#,
            "{\"\u{212A}\":1,\"K\":2}", "{\(wide)}", "{\(wide),\"k3\":0}", "{\(wide),\"k39\":0}", "{\"k1\":1,\(wide)}",
            "\u{FEFF}{\"a\":[]}", " \n\t{ \"a\" : [ 1 , { } , [ ] , \"\" ] } \r\n", "[true,false,null]", "[tru]",
            "[nul", "{\"a\" 1}", "{1:2}", "[1 2]", String(repeating: "[", count: 300) + String(repeating: "]", count: 300),
            "\"12345678\u{1}9\"", "\"1234567\\\"90abcdef\"", "\"abcdefgh\u{7F}ijklmnop\"",
        ]
    }()

    static let examples = SharedVectors.repositoryFile("Examples/certifier-credentials.ndjson")

    static func expectSameParse(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let new = Result { () throws(JSONParseError) in try JSONValue(parsing: bytes) }
        let old = Result { () throws(JSONParseError) in try referenceParse(bytes) }
        switch (new, old) {
        case (.success(let value), .success(let expected)):
            #expect(value == expected, sourceLocation: sourceLocation)
            #expect(ReferenceWriter(style: .compact).bytes(value) == ReferenceWriter(style: .compact).bytes(expected),
                    sourceLocation: sourceLocation)
        case (.failure(let error), .failure(let expected)):
            #expect(error == expected, "\(String(decoding: bytes, as: UTF8.self))", sourceLocation: sourceLocation)
            #expect(error.description == expected.description, sourceLocation: sourceLocation)
        default:
            Issue.record("\(new) vs \(old) for \(String(decoding: bytes, as: UTF8.self))", sourceLocation: sourceLocation)
        }
    }

    @Test("generated documents: all three styles write as before and parse back")
    func roundTrips() throws {
        var generator = SeededGenerator(seed: 13)
        let keys = Self.strings()
        for _ in 0..<500 {
            let value = Self.randomValue(depth: 0, keys: keys, using: &generator)
            for style in Self.styles {
                let written = JSONWriter(style: style).bytes(value)
                #expect(written == ReferenceWriter(style: style).bytes(value))
                #expect(JSONWriter(style: style).string(value).utf8.elementsEqual(written))
                #expect(try JSONValue(parsing: written) == value)
                Self.expectSameParse(written)
            }
        }
    }

    static func randomValue(depth: Int, keys: [String], using generator: inout SeededGenerator) -> JSONValue {
        switch Int.random(in: 0...(depth > 3 ? 3 : 5), using: &generator) {
        case 0: return Bool.random(using: &generator) ? .null : .bool(Bool.random(using: &generator))
        case 1: return .number(Double(Int.random(in: -100_000...100_000, using: &generator)) / [1, 10, 1e6][Int.random(in: 0...2, using: &generator)])
        case 2, 3: return .string(keys.randomElement(using: &generator) ?? "")
        case 4:
            return .array((0..<Int.random(in: 0...6, using: &generator)).map { _ in
                randomValue(depth: depth + 1, keys: keys, using: &generator)
            })
        default:
            var object = JSONObject()
            for _ in 0..<Int.random(in: 0...20, using: &generator) {
                object[keys.randomElement(using: &generator) ?? ""] = randomValue(depth: depth + 1, keys: keys, using: &generator)
            }
            return .object(object)
        }
    }
}
