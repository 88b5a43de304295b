import Crypto
import Foundation
import JSONCanonical
import TestSupport
import Testing

@testable import Mapping

/// The byte-level text helpers of the mapping hot path against the code they replaced
/// (Foundation, `Character` walks, per-call UUID parsing), over many generated inputs.
@Suite("text fast paths agree with the reference code")
struct TextEquivalenceTests {
    /// ASCII, non-ASCII white space, combining marks, CR LF, KELVIN SIGN and friends.
    static let alphabet = [
        "a", "b", "K", "z", "0", "9", ",", ", ", ":", " ", "\t", "\n", "\r", "\r\n", "+", "-", ".", "/", "#", ";", "`",
        "é", "e\u{301}", "\u{301}", "\u{212A}", "\u{037E}", "\u{A0}", "\u{2028}", "😀", "ß",
    ]

    @Test("uuid5 with a namespace read once equals Foundation's UUID parse and formatting, for many names")
    func uuid5() throws {
        var generator = SeededGenerator(seed: 3)
        let namespaces = [
            "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "A7E3C016-6384-409B-9E61-AFEAC9A54D06", "00000000-0000-0000-0000-000000000000",
            "ffffffff-ffff-ffff-ffff-ffffffffffff",
        ]
        for namespace in namespaces {
            let parsed = try #require(UUID5.Namespace(namespace))
            for _ in 0..<500 {
                let name = generator.text(from: Self.alphabet, maxLength: 40)
                let expected = try #require(Self.referenceUUID5(namespace: namespace, name: name))
                #expect(parsed.uuid(for: name) == expected, "\(namespace) \(name)")
                #expect(UUID5.make(namespace: namespace, name: name) == expected)
            }
        }
        for invalid in ["", "not-a-uuid", "6ba7b810-9dad-11d1-80b4-00c04fd430c", "6ba7b810-9dad-11d1-80b4-00c04fd430c8x"] {
            #expect(UUID5.Namespace(invalid) == nil)
            #expect(UUID5.make(namespace: invalid, name: "x") == Self.referenceUUID5(namespace: invalid, name: "x"))
        }
    }

    /// The implementation before the namespace was read at compile time (main 23979dc).
    static func referenceUUID5(namespace: String, name: String) -> String? {
        guard let namespaceID = UUID(uuidString: namespace) else { return nil }
        var bytes = withUnsafeBytes(of: namespaceID.uuid) { Array($0) }
        bytes.append(contentsOf: Array(name.utf8))
        var digest = Array(Insecure.SHA1.hash(data: bytes).prefix(16))
        digest[6] = (digest[6] & 0x0F) | 0x50
        digest[8] = (digest[8] & 0x3F) | 0x80
        let uuid = digest.withUnsafeBytes { UUID(uuid: $0.load(as: uuid_t.self)) }
        return uuid.uuidString.lowercased()
    }

    @Test("sha256 hex equals a per-byte formatting of the digest")
    func sha256() {
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<500 {
            let text = generator.text(from: Self.alphabet, maxLength: 60)
            let expected = SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
            #expect(sha256Hex(text) == expected, "\(text)")
        }
    }

    @Test("trimming equals the scalar walk and Foundation on generated text")
    func trimming() {
        var generator = SeededGenerator(seed: 9)
        for _ in 0..<5_000 {
            let text = generator.text(from: Self.alphabet, maxLength: 8)
            for newlines in [true, false] {
                let trimmed = text.trimmingWhitespace(includingNewlines: newlines)
                #expect(trimmed == text.referenceTrimmingWhitespace(includingNewlines: newlines), "\(text.unicodeScalars.map(\.value))")
                let foundation = text.trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)
                #expect(trimmed == foundation, "\(text.unicodeScalars.map(\.value))")
            }
        }
    }

    @Test("split equals Foundation's components(separatedBy:) on generated text and separators")
    func splitting() {
        var generator = SeededGenerator(seed: 13)
        let separators = [",", ", ", ";", "--", "aa", "a", "\n", "\r", "\r\n", " ", "é", "e", "\u{301}", ",\u{301}", "K", "", "ab"]
        let pieces = Self.alphabet + ["aa", "--", "a,b", "-"]
        for _ in 0..<4_000 {
            let text = generator.text(from: pieces, maxLength: 10)
            let separator = separators.randomElement(using: &generator) ?? ","
            #expect(text.componentsSeparated(by: separator) == text.components(separatedBy: separator), "\(text.debugDescription) \(separator.debugDescription)")
        }
    }

    @Test("isURI equals the Character reading on generated text")
    func uri() {
        var generator = SeededGenerator(seed: 17)
        let pieces = Self.alphabet + ["did", "https", ":", "::", "c++", "ab.c", "x-y", "\u{0600}"]
        var accepted = 0
        for _ in 0..<20_000 {
            let text = generator.text(from: pieces, maxLength: 6)
            let verdict = CredentialValidator.isURI(text)
            #expect(verdict == CredentialValidator.referenceIsURI(text), "\(text.unicodeScalars.map(\.value))")
            if verdict { accepted += 1 }
        }
        for text in ["did:key:z6Mk", "https://example.org/a b", ":x", "x:", "x:\u{301}y", "é:x", "a\u{301}:x", "a:\r\n", "urn:uuid:1"] {
            #expect(CredentialValidator.isURI(text) == CredentialValidator.referenceIsURI(text), "\(text)")
        }
        #expect(accepted > 100)
    }


    @Test("member lookup by a compiled key finds what the JSONObject subscript finds")
    func memberLookup() {
        var generator = SeededGenerator(seed: 23)
        let keys = ["id", "K", "\u{212A}", "é", "e\u{301}", "a;b", "a\u{037E}b", "`", "\u{1FEF}", "status", "statu", "customAttributes", ""]
        for _ in 0..<3_000 {
            var object = JSONObject()
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                object[keys.randomElement(using: &generator) ?? "id"] = .number(Double(Int.random(in: 0...9, using: &generator)))
            }
            for key in keys {
                let memberKey = MemberKey(key)
                #expect(memberKey.value(in: object) == object[key], "\(key) in \(object.keys)")
                #expect(memberKey.value(in: .object(object)) == JSONValue.object(object)[key])
                for other in object.keys { #expect(memberKey.matches(other) == (other == key), "\(key) \(other)") }
            }
        }
    }
}

/// The inline argument list reads back what was appended, beyond its three inline slots too.
@Suite("built-in argument list")
struct BuiltinArgumentsTests {
    @Test("0 to 6 arguments read back in order, as an array would")
    func readBack() {
        let values: [MappingValue] = [.string("a"), .absent, .json(.number(2)), .string(""), .json(.null), .string("f")]
        for count in 0...values.count {
            let arguments = BuiltinArguments(Array(values.prefix(count)))
            #expect(arguments.count == count)
            #expect(Array(arguments) == Array(values.prefix(count)))
        }
    }
}
