import Credentials
import Testing

/// The base58btc encoder and decoder work on words and limbs; these tests hold them to the
/// digit-at-a-time schoolbook conversion of the definition over many inputs.
@Suite("base58btc against schoolbook conversion")
struct Base58ReferenceTests {
    static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

    /// Repeated division of the big-endian number by 58, one digit at a time.
    static func schoolbookEncode(_ bytes: [UInt8]) -> String {
        let zeros = bytes.prefix { $0 == 0 }.count
        var number = Array(bytes[zeros...])
        var digits: [UInt8] = []
        while !number.isEmpty {
            var remainder = 0
            var quotient: [UInt8] = []
            for byte in number {
                let value = remainder * 256 + Int(byte)
                let digit = value / 58
                remainder = value % 58
                if !quotient.isEmpty || digit > 0 { quotient.append(UInt8(digit)) }
            }
            digits.append(UInt8(remainder))
            number = quotient
        }
        return String(repeating: "1", count: zeros) + String(decoding: digits.reversed().map { alphabet[Int($0)] }, as: UTF8.self)
    }

    /// Multiplies the big-endian number by 58 and adds each digit.
    static func schoolbookDecode(_ text: String) -> [UInt8]? {
        let characters = Array(text.utf8)
        let zeros = characters.prefix { $0 == alphabet[0] }.count
        var number: [UInt8] = []
        for character in characters[zeros...] {
            guard let digit = alphabet.firstIndex(of: character) else { return nil }
            var carry = digit
            for index in number.indices.reversed() {
                carry += Int(number[index]) * 58
                number[index] = UInt8(carry & 0xFF)
                carry >>= 8
            }
            while carry > 0 {
                number.insert(UInt8(carry & 0xFF), at: 0)
                carry >>= 8
            }
        }
        return [UInt8](repeating: 0, count: zeros) + number
    }

    @Test("encoding agrees on random bytes of every length up to 130, with and without leading zeros")
    func encodeAgrees() {
        var generator = SystemRandomNumberGenerator()
        var checked = 0
        for length in 0...130 {
            for leadingZeros in [0, 1, 2, 5] where leadingZeros <= length {
                for _ in 0..<4 {
                    let bytes = [UInt8](repeating: 0, count: leadingZeros)
                        + (leadingZeros..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                    #expect(Base58BTC.encode(bytes) == Self.schoolbookEncode(bytes), "\(bytes)")
                    checked += 1
                }
            }
        }
        #expect(checked > 1_500)
    }

    @Test("encoding agrees on all-0xFF and single-bit values, the extremes of each word")
    func encodeExtremes() {
        for length in 1...70 {
            let ones = [UInt8](repeating: 0xFF, count: length)
            #expect(Base58BTC.encode(ones) == Self.schoolbookEncode(ones), "\(length) x 0xFF")
            var bit = [UInt8](repeating: 0, count: length)
            bit[0] = 1
            #expect(Base58BTC.encode(bit) == Self.schoolbookEncode(bit), "1 followed by \(length - 1) zero bytes")
        }
    }

    @Test("decoding agrees on random digit strings of every length up to 120")
    func decodeAgrees() throws {
        var generator = SystemRandomNumberGenerator()
        for length in 0...120 {
            for leadingOnes in [0, 1, 3] where leadingOnes <= length {
                for _ in 0..<4 {
                    let text = String(repeating: "1", count: leadingOnes)
                        + String(decoding: (leadingOnes..<length).map { _ in Self.alphabet.randomElement(using: &generator) ?? 0x31 }, as: UTF8.self)
                    #expect(try Base58BTC.decode(text) == Self.schoolbookDecode(text), "\(text)")
                }
            }
        }
        for length in 1...90 {
            let text = String(repeating: "z", count: length)
            #expect(try Base58BTC.decode(text) == Self.schoolbookDecode(text), "\(text)")
        }
    }

    @Test("decoding names the first character outside the alphabet and its offset")
    func decodeRejects() {
        let cases: [(String, Character, Int)] = [
            ("0", "0", 0), ("11O", "O", 2), ("zzzzzzzzzzI", "I", 10), ("abcl", "l", 3), ("1+1", "+", 1), ("zz zz", " ", 2),
        ]
        for (text, character, offset) in cases {
            #expect(throws: EncodingError.invalidCharacter(encoding: "base58btc", character: character, offset: offset)) {
                try Base58BTC.decode(text)
            }
        }
    }

    @Test("multibase z values decode like the body alone, with the body's error offsets")
    func multibaseAgrees() throws {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 32, 64, 65] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let encoded = Multibase.encodeBase58BTC(bytes)
            #expect(encoded == "z" + Self.schoolbookEncode(bytes))
            #expect(try Multibase.decodeBase58BTC(encoded) == bytes)
        }
        #expect(throws: EncodingError.invalidCharacter(encoding: "base58btc", character: "0", offset: 2)) {
            try Multibase.decodeBase58BTC("z110")
        }
        // A z with a combining mark is another character, so another prefix, not a bad digit.
        #expect(throws: EncodingError.unsupportedMultibasePrefix("z\u{301}")) { try Multibase.decodeBase58BTC("z\u{301}11") }
        #expect(throws: EncodingError.unsupportedMultibasePrefix("u")) { try Multibase.decodeBase58BTC("u11") }
        #expect(throws: EncodingError.unsupportedMultibasePrefix(nil)) { try Multibase.decodeBase58BTC("") }
    }
}
