@testable import Certifier
import Foundation
import Testing

/// A credential id goes into the request path as it is, so only ids that need no escaping pass.
@Suite("Certifier credential ids in a path")
struct CertifierPathSegmentTests {
    /// The rule as it was written first, with Foundation's character set.
    static func reference(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 128
            && id.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") }
    }

    @Test("ids of letters, digits, - and _ up to 128 pass; anything else is refused")
    func examples() {
        for id in ["01jmyw4zyyrtyntqcevy2zmbnf", "A-b_9", "-", String(repeating: "z", count: 128)] {
            #expect(CertifierClient.isSafePathSegment(id), "\(id)")
        }
        for id in [
            "", String(repeating: "z", count: 129), "a/b", "a b", "a.b", "..", "%2e", "é", "a\u{0301}", "١", "Ａ", "a\r\nb", "a?b", "a#b",
        ] {
            #expect(!CertifierClient.isSafePathSegment(id), "\(id)")
        }
    }

    @Test("every single character up to U+07FF, and its pairs with a letter, as the Foundation rule decides")
    func agreesWithFoundation() {
        for value in 0...0x7FF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for id in [String(Character(scalar)), "a\(Character(scalar))", "\(Character(scalar))9"] {
                #expect(CertifierClient.isSafePathSegment(id) == Self.reference(id), "U+\(String(value, radix: 16))")
            }
        }
    }
}
