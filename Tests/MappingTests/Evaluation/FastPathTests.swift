import Foundation
import Testing

@testable import Mapping

/// The hand-written string helpers that replaced Foundation calls on the mapping hot path must
/// give Foundation's results.
@Suite("mapping fast paths agree with Foundation")
struct FastPathTests {
    /// Every White_Space scalar, a few look-alikes that are not white space, and ordinary text.
    static let pieces = [
        " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2000}", "\u{200A}",
        "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}", "\u{200B}", "\u{200C}", "\u{FEFF}", "\u{180E}",
        "a", "Zoë", "\u{301}", "😀", "x y",
    ]

    @Test("trimming with and without newlines matches trimmingCharacters on every 3-piece string")
    func trimming() {
        var checked = 0
        for first in Self.pieces {
            for second in Self.pieces {
                for third in Self.pieces {
                    let text = first + second + third
                    #expect(
                        text.trimmingWhitespace(includingNewlines: true) == text.trimmingCharacters(in: .whitespacesAndNewlines),
                        "\(text.unicodeScalars.map(\.value))")
                    #expect(
                        text.trimmingWhitespace(includingNewlines: false) == text.trimmingCharacters(in: .whitespaces),
                        "\(text.unicodeScalars.map(\.value))")
                    checked += 1
                }
            }
        }
        #expect(checked == Self.pieces.count * Self.pieces.count * Self.pieces.count)
    }

    @Test("uuid5 keeps leading zero digits and the version and variant bits")
    func uuid5Layout() throws {
        let id = try #require(UUID5.make(namespace: "6ba7b811-9dad-11d1-80b4-00c04fd430c8", name: "https://example.org/"))
        #expect(UUID(uuidString: id) != nil)
        #expect(id == id.lowercased())
        let characters = Array(id)
        #expect(characters.count == 36)
        #expect([8, 13, 18, 23].allSatisfy { characters[$0] == "-" })
        #expect(characters[14] == "5")
        #expect("89ab".contains(characters[19]))
        // Cross-check the digits against Foundation's formatting of the same bytes.
        #expect(UUID(uuidString: id)?.uuidString.lowercased() == id)
    }

    @Test("sha256 hex is 64 lowercase digits, zeros kept")
    func sha256() {
        // SHA-256("abc") starts with "ba7816bf"; "" with "e3b0c442"; both contain 0x0? bytes.
        #expect(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}
