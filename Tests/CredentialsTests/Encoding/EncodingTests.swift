import Foundation
@testable import Credentials
import Testing

@Suite("base58btc, base64url, multibase, multicodec")
struct EncodingTests {
    // Examples from the base58 draft (draft-msporny-base58) and RFC 4648's test strings.
    @Test("base58btc matches the published examples and keeps leading zeros", arguments: [
        ("Hello World!", "2NEpo7TZRRrLZSi2U"),
        ("The quick brown fox jumps over the lazy dog.", "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z"),
    ])
    func base58Examples(text: String, encoded: String) throws {
        #expect(Base58BTC.encode(Array(text.utf8)) == encoded)
        #expect(try Base58BTC.decode(encoded) == Array(text.utf8))
    }

    @Test("base58btc leading zero bytes become '1'")
    func base58Zeros() throws {
        #expect(Base58BTC.encode([0, 0, 0, 0x28, 0x7f, 0xb4, 0xcd]) == "111233QC4")
        #expect(try Base58BTC.decode("111233QC4") == [0, 0, 0, 0x28, 0x7f, 0xb4, 0xcd])
        #expect(Base58BTC.encode([]) == "")
        #expect(throws: EncodingError.invalidCharacter(encoding: "base58btc", character: "l", offset: 2)) { try Base58BTC.decode("11l") }
    }

    @Test("base64url has no padding and rejects the standard alphabet", arguments: [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy"),
    ])
    func base64url(text: String, encoded: String) throws {
        #expect(Base64URL.encode(Array(text.utf8)) == encoded)
        #expect(try Base64URL.decode(encoded) == Array(text.utf8))
    }

    @Test("base64url specials and errors")
    func base64urlSpecials() throws {
        #expect(Base64URL.encode([0xfb, 0xff]) == "-_8")
        #expect(throws: EncodingError.invalidCharacter(encoding: "base64url", character: "=", offset: 2)) { try Base64URL.decode("Zg==") }
        #expect(throws: EncodingError.invalidCharacter(encoding: "base64url", character: "+", offset: 0)) { try Base64URL.decode("+_8") }
        #expect(throws: EncodingError.invalidLength(encoding: "base64url", length: 5)) { try Base64URL.decode("Zm9vY") }
    }

    @Test("base64url encoding agrees with Foundation's base64 (alphabet swapped, padding dropped) for every length to 200")
    func base64urlAgainstFoundation() throws {
        var generator = SystemRandomNumberGenerator()
        for length in 0...200 {
            for _ in 0..<4 {
                let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let reference = Data(bytes).base64EncodedString()
                    .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                    .replacingOccurrences(of: "=", with: "")
                #expect(Base64URL.encode(bytes) == reference, "length \(length)")
                #expect(try Base64URL.decode(Base64URL.encode(bytes)) == bytes)
            }
        }
        // Every digit in every position of a group: all 64 values of each 6-bit slot.
        let everyDigit = (0..<48).map { UInt8(truncatingIfNeeded: $0 &* 21) } + [0xFB, 0xEF, 0xBE, 0xFF, 0xFF, 0xFF]
        #expect(Base64URL.encode(everyDigit) == Data(everyDigit).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_"))
    }

    @Test("base64url decoding gives the original decoder's bytes or its error for 8,000 strings, with and without bad characters")
    func base64urlDecodeAgainstReference() {
        let digits = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let strangers: [Character] = ["=", "+", "/", " ", "\n", "é", "😀", "."]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<8_000 {
            var text = String((0..<(round % 41)).map { _ in digits[Int.random(in: 0..<64, using: &generator)] })
            if round % 3 == 0, !text.isEmpty {
                let position = text.index(text.startIndex, offsetBy: Int.random(in: 0..<text.count, using: &generator))
                text.replaceSubrange(position...position, with: String(strangers[round % strangers.count]))
            }
            let fast = Result { () throws(EncodingError) in try Base64URL.decode(text) }
            let reference = Result { () throws(EncodingError) in try Base64URL.decodeReportingErrors(text) }
            #expect(fast == reference, "\(text.debugDescription)")
        }
    }

    @Test("multibase reads z and u, writes z")
    func multibase() throws {
        #expect(Multibase.encodeBase58BTC(Array("Hello World!".utf8)) == "z2NEpo7TZRRrLZSi2U")
        #expect(try Multibase.decode("uSGVsbG8") == Array("Hello".utf8))
        #expect(throws: EncodingError.unsupportedMultibasePrefix("f")) { try Multibase.decode("f48656c6c6f") }
        #expect(throws: EncodingError.unsupportedMultibasePrefix("u")) { try Multibase.decodeBase58BTC("uSGVsbG8") }
        #expect(throws: EncodingError.unsupportedMultibasePrefix(nil)) { try Multibase.decode("") }
    }

    @Test("multicodec varint prefixes are the published ones", arguments: [
        (Multicodec.ed25519Public, [0xed, 0x01] as [UInt8]), (.p256Public, [0x80, 0x24]), (.p384Public, [0x81, 0x24]),
        (.ed25519Private, [0x80, 0x26]), (.p256Private, [0x86, 0x26]), (.p384Private, [0x87, 0x26]),
    ])
    func prefixes(codec: Multicodec, prefix: [UInt8]) throws {
        #expect(codec.prefix == prefix)
        let split = try Multicodec.split(codec.framing([1, 2, 3]))
        #expect(split.code == codec.rawValue)
        #expect(Array(split.payload) == [1, 2, 3])
    }

    @Test("truncated and overlong varints are errors")
    func varintErrors() {
        #expect(throws: EncodingError.truncatedVarint) { try Multicodec.split([0x80]) }
        #expect(throws: EncodingError.truncatedVarint) { try Multicodec.split([]) }
        #expect(throws: EncodingError.varintTooLong) { try Multicodec.split([UInt8](repeating: 0xff, count: 10)) }
    }

    /// Found by the `multibase` fuzz target (Fuzz/Regressions/multibase/multikey-padded-varint):
    /// `0xec 0x81 0x00` was read as x25519-pub, so one key had several Multikey spellings.
    @Test("a varint padded with a zero group is refused, so a key has one Multikey")
    func nonMinimalVarint() throws {
        #expect(throws: EncodingError.nonMinimalVarint) { try Multicodec.split([0xed, 0x81, 0x00, 1, 2]) }
        #expect(throws: EncodingError.nonMinimalVarint) { try Multicodec.split([0x80, 0x00]) }
        #expect(try Multicodec.split([0x00, 7]).code == 0)
        let key = [UInt8](repeating: 0x11, count: 32)
        let padded = Multibase.encodeBase58BTC([0xed, 0x81, 0x00] + key)
        #expect(throws: (any Error).self) { try PublicKey(multikey: padded) }
        #expect(try PublicKey(multikey: Multibase.encodeBase58BTC([0xed, 0x01] + key)).keyBytes == key)
    }
}
