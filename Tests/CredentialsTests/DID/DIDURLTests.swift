@testable import Credentials
import Testing

/// `DIDURL.did(of:)` splits ASCII text at the byte; these tests hold it to the split by
/// Characters over ASCII and non-ASCII text, including marks that join a delimiter.
@Suite struct DIDURLTests {
    @Test func agreesWithTheCharacterSplit() {
        let pieces = [
            "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", "did:web:example.com", "#", "?", "/", "#key-1",
            "\u{301}", "é", "\u{0600}", "\r\n", "🔑", "a", ":", "",
        ]
        var checked = 0
        for first in pieces {
            for second in pieces {
                for third in pieces {
                    let url = first + second + third
                    #expect(DIDURL.did(of: url) == DIDURL.characterDID(of: url), "\(url.unicodeScalars.map { $0.value })")
                    checked += 1
                }
            }
        }
        #expect(checked == pieces.count * pieces.count * pieces.count)
        // A combining mark makes `#́` one Character, not a delimiter.
        #expect(DIDURL.did(of: "did:x:a#\u{301}b#c") == "did:x:a#\u{301}b")
        #expect(DIDURL.did(of: "did:web:example.com/path#frag") == "did:web:example.com")
    }
}
