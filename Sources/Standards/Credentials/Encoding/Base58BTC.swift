/// Base58 with the Bitcoin alphabet, the encoding behind multibase `z` values and `publicKeyBase58`.
public enum Base58BTC {
    static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)

    /// Reverse table: ASCII byte -> digit, 255 for characters outside the alphabet.
    static let digits: [UInt8] = {
        var table = [UInt8](repeating: 255, count: 128)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    /// 58^5, the base of one limb of the base-58 side: five digits per limb.
    static let digitLimbBase: UInt64 = 656_356_768
    /// Base-58 digits per limb.
    static let digitsPerLimb = 5

    /// Encodes bytes; each leading zero byte becomes a leading `1`, as Bitcoin defines it.
    ///
    /// Every proof value goes through here, so the conversion works on whole words: the input
    /// is read four bytes at a time into little-endian limbs of 58^5. A limb shifted by 32 bits
    /// plus the carry stays below 2^62, and the divisions are by a constant (multiplications).
    /// That is an eighth of the inner steps of byte-by-byte conversion into limbs of 58^9.
    public static func encode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        encode(bytes, prefix: nil)
    }

    /// ``encode(_:)`` with a multibase prefix byte written in front, so that no second string is built.
    static func encode<Bytes: Collection>(_ bytes: Bytes, prefix: UInt8?) -> String where Bytes.Element == UInt8 {
        // Contiguous input (an array, Data) is read where it lies; other collections are copied once.
        if let encoded = bytes.withContiguousStorageIfAvailable({ encode(buffer: $0, prefix: prefix) }) { return encoded }
        return Array(bytes).withUnsafeBufferPointer { encode(buffer: $0, prefix: prefix) }
    }

    private static func encode(buffer input: UnsafeBufferPointer<UInt8>, prefix: UInt8?) -> String {
        var zeros = 0
        while zeros < input.count, input[zeros] == 0 { zeros += 1 }
        let significant = input.count - zeros
        // log2(58^5) > 29, so 8 * significant / 29 + 1 limbs hold the number; they live on the
        // stack (a signature needs 18), as the two arrays of this conversion were two of a
        // signature's allocations.
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: significant * 8 / 29 + 1) { limbs in
            var used = 0
            var position = zeros
            // The first word takes the bytes left over by whole words, so the others are complete.
            var wordLength = significant % 4 == 0 ? 4 : significant % 4
            while position < input.count {
                var carry: UInt64 = 0
                for offset in position..<(position + wordLength) { carry = carry << 8 | UInt64(input[offset]) }
                let shift = UInt64(8 * wordLength)
                for index in 0..<used {
                    carry += limbs[index] << shift
                    limbs[index] = carry % digitLimbBase
                    carry /= digitLimbBase
                }
                while carry > 0 {
                    limbs[used] = carry % digitLimbBase
                    carry /= digitLimbBase
                    used += 1
                }
                position += wordLength
                wordLength = 4
            }
            return digits(of: UnsafeBufferPointer(rebasing: limbs[0..<used]), zeros: zeros, prefix: prefix)
        }
    }

    /// The text of the little-endian limbs of 58^5, after a `1` per leading zero byte.
    private static func digits(of limbs: UnsafeBufferPointer<UInt64>, zeros: Int, prefix: UInt8?) -> String {
        let used = limbs.count
        // Every limb but the top one has exactly five digits; the top one has no leading zeros.
        var topDigits = 0
        if used > 0 {
            var top = limbs[used - 1]
            while top > 0 {
                topDigits += 1
                top /= 58
            }
        }
        let start = prefix == nil ? 0 : 1
        let length = start + zeros + topDigits + (used > 0 ? (used - 1) * digitsPerLimb : 0)
        return alphabet.withUnsafeBufferPointer { alphabet in
            String(unsafeUninitializedCapacity: length) { buffer in
                if let prefix { buffer[0] = prefix }
                for index in start..<(start + zeros) { buffer[index] = alphabet[0] }
                var end = length
                for index in 0..<used {
                    var value = limbs[index]
                    let count = index == used - 1 ? topDigits : digitsPerLimb
                    for _ in 0..<count {
                        end -= 1
                        buffer[end] = alphabet[Int(value % 58)]
                        value /= 58
                    }
                }
                return length
            }
        }
    }

    /// Decodes text; throws for any character outside the alphabet.
    ///
    /// Reads five digits at a time into little-endian limbs of 2^32, the mirror of ``encode(_:)``:
    /// a limb times 58^5 plus the carry stays below 2^62.
    public static func decode(_ text: String) throws(EncodingError) -> [UInt8] {
        try decode(utf8: Array(text.utf8), from: 0)
    }

    /// Decodes `input[start...]`; error offsets count from `start`.
    static func decode(utf8 input: [UInt8], from start: Int) throws(EncodingError) -> [UInt8] {
        let table = Self.digits
        let one = alphabet[0]
        var firstDigit = start
        while firstDigit < input.count, input[firstDigit] == one { firstDigit += 1 }
        for offset in firstDigit..<input.count {
            let character = input[offset]
            guard character < 128, table[Int(character)] != 255 else {
                throw .invalidCharacter(encoding: "base58btc", character: Character(Unicode.Scalar(character)), offset: offset - start)
            }
        }
        let significant = input.count - firstDigit
        // log2(58) < 5.86, so each digit adds at most 5.86 bits: 6 * digits / 32 + 1 limbs.
        var limbs = [UInt64](repeating: 0, count: significant * 6 / 32 + 1)
        var used = 0
        var position = firstDigit
        var groupLength = significant % digitsPerLimb == 0 ? digitsPerLimb : significant % digitsPerLimb
        while position < input.count {
            var carry: UInt64 = 0
            var multiplier: UInt64 = 1
            for character in input[position..<(position + groupLength)] {
                carry = carry * 58 + UInt64(table[Int(character)])
                multiplier *= 58
            }
            for index in 0..<used {
                carry += limbs[index] * multiplier
                limbs[index] = carry & 0xFFFF_FFFF
                carry >>= 32
            }
            while carry > 0 {
                limbs[used] = carry & 0xFFFF_FFFF
                carry >>= 32
                used += 1
            }
            position += groupLength
            groupLength = digitsPerLimb
        }
        // Big-endian bytes without the top limb's leading zero bytes, after a zero byte per leading `1`.
        var topBytes = 0
        if used > 0 {
            var top = limbs[used - 1]
            while top > 0 {
                topBytes += 1
                top >>= 8
            }
        }
        var output = [UInt8](repeating: 0, count: firstDigit - start + topBytes + (used > 0 ? (used - 1) * 4 : 0))
        var end = output.count
        for index in 0..<used {
            var value = limbs[index]
            for _ in 0..<(index == used - 1 ? topBytes : 4) {
                end -= 1
                output[end] = UInt8(truncatingIfNeeded: value)
                value >>= 8
            }
        }
        return output
    }
}
