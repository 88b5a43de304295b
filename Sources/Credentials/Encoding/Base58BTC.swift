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
    ///
    /// The conversion works in limbs of 58^9 (nine base-58 digits per 64-bit word), a fifth of
    /// the divisions of digit-at-a-time schoolbook conversion; every proof value goes through it.
    public static func encode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let input = Array(bytes)
        let zeros = input.prefix { $0 == 0 }.count
        // Little-endian limbs, each < 58^9; limb * 256 + carry stays far below 2^64.
        var limbs: [UInt64] = []
        limbs.reserveCapacity((input.count - zeros) / 6 + 1)
        for byte in input[zeros...] {
            var carry = UInt64(byte)
            for index in limbs.indices {
                carry += limbs[index] << 8
                limbs[index] = carry % limbBase
                carry /= limbBase
            }
            while carry > 0 {
                limbs.append(carry % limbBase)
                carry /= limbBase
            }
        }
        // Little-endian digits; the top limb's leading zero digits are not part of the number.
        var digits: [UInt8] = []
        digits.reserveCapacity(limbs.count * limbDigits)
        for limb in limbs {
            var value = limb
            for _ in 0..<limbDigits {
                digits.append(UInt8(value % 58))
                value /= 58
            }
        }
        while digits.last == 0 { digits.removeLast() }
        var output = [UInt8](repeating: alphabet[0], count: zeros)
        output.reserveCapacity(zeros + digits.count)
        for digit in digits.reversed() { output.append(alphabet[Int(digit)]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// 58^9, the base of one limb in ``encode(_:)``.
    private static let limbBase: UInt64 = 7_427_658_739_644_928
    /// Base-58 digits per limb.
    private static let limbDigits = 9

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
