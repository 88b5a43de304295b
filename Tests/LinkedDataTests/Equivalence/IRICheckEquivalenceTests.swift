@testable import LinkedData
import Testing

/// The table-driven `IRIReference.isWellFormedAbsolute` against the `switch` it replaced, kept
/// here as the reference.
@Suite("IRI check against its reference")
struct IRICheckEquivalenceTests {
    /// The replaced implementation, unchanged (its scheme test, `hasScheme`, is still the product's).
    private static func reference(_ value: String) -> Bool {
        guard IRIReference.hasScheme(value) else { return false }
        var fragments = 0
        for byte in value.utf8 {
            switch byte {
            case 0x23:
                fragments += 1
                if fragments > 1 { return false }
            case 0x00...0x20, 0x3C, 0x3E, 0x22, 0x7B, 0x7D, 0x7C, 0x5C, 0x5E, 0x60: return false
            default: continue
            }
        }
        return true
    }

    @Test("every byte at every position of IRIs, terms and compact IRIs gives the reference's answer")
    func everyByteEverywhere() {
        let seeds = [
            "https://www.w3.org/2018/credentials#VerifiableCredential", "did:web:wallet.example.org:users:zoe",
            "urn:uuid:bd313a15-b9ab-5ce0-81a8-8e08ddca7005", "a:", ":a", "", "name", "_:b0", "x+y-z.w:rest#f",
        ]
        var checked = 0
        for seed in seeds {
            let bytes = Array(seed.utf8)
            for position in 0...bytes.count {
                for byte in UInt8(0)...UInt8(127) {
                    var replaced = bytes
                    if position < bytes.count { replaced[position] = byte } else { replaced.append(byte) }
                    let text = String(decoding: replaced, as: UTF8.self)
                    #expect(IRIReference.isWellFormedAbsolute(text) == Self.reference(text), "\(text.debugDescription)")
                    checked += 1
                }
            }
        }
        // Non-ASCII and bridged (non-contiguous) strings.
        for text in ["https://例え.jp/パス#frag", "https://x.org/ä#a#b", "ü:x"] {
            #expect(IRIReference.isWellFormedAbsolute(text) == Self.reference(text))
        }
        #expect(checked > 10_000)
    }
}
