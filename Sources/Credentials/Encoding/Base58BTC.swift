/// Base58 with the Bitcoin alphabet, the encoding behind multibase `z` values and `publicKeyBase58`.
public enum Base58BTC {
    static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

    /// Reverse table: ASCII byte -> digit, 255 for characters outside the alphabet.
    static let digits: [UInt8] = {
        var table = [UInt8](repeating: 255, count: 128)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    /// Encodes bytes; each leading zero byte becomes a leading `1`, as Bitcoin defines it.
    public static func encode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let input = Array(bytes)
        let zeros = input.prefix { $0 == 0 }.count
        // Little-endian base-58 digits; schoolbook conversion is fine for keys and signatures.
        var digits: [UInt8] = []
        digits.reserveCapacity(input.count * 138 / 100 + 1)
        for byte in input[zeros...] {
            var carry = Int(byte)
            for index in digits.indices {
                carry += Int(digits[index]) << 8
                digits[index] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 {
                digits.append(UInt8(carry % 58))
                carry /= 58
            }
        }
        var output = [UInt8](repeating: alphabet[0], count: zeros)
        output.append(contentsOf: digits.reversed().map { alphabet[Int($0)] })
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes text; throws for any character outside the alphabet.
    public static func decode(_ text: String) throws(EncodingError) -> [UInt8] {
        let input = Array(text.utf8)
        var zeros = 0
        while zeros < input.count, input[zeros] == alphabet[0] { zeros += 1 }
        var bytes: [UInt8] = []  // little-endian base 256
        for (offset, character) in input.enumerated().dropFirst(zeros) {
            guard character < 128, digits[Int(character)] != 255 else {
                throw .invalidCharacter(encoding: "base58btc", character: Character(Unicode.Scalar(character)), offset: offset)
            }
            var carry = Int(digits[Int(character)])
            for index in bytes.indices {
                carry += Int(bytes[index]) * 58
                bytes[index] = UInt8(carry & 0xff)
                carry >>= 8
            }
            while carry > 0 {
                bytes.append(UInt8(carry & 0xff))
                carry >>= 8
            }
        }
        return [UInt8](repeating: 0, count: zeros) + bytes.reversed()
    }
}
