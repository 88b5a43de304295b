import Foundation

/// Base64url without padding (RFC 4648 §5, RFC 7515 §2), as JWK members and JWS parts use it.
public enum Base64URL {
    /// Encodes bytes without `=` padding.
    ///
    /// Written out (three bytes to four digits) rather than Foundation's encoder followed by two
    /// `replacingOccurrences`: those went through NSString and cost more than the Ed25519
    /// signature whose `jws` they encode.
    public static func encode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let input = Array(bytes)
        let count = input.count
        let outputCount = (count / 3) * 4 + [0, 2, 3][count % 3]
        return String(unsafeUninitializedCapacity: outputCount) { output in
            input.withUnsafeBufferPointer { source in
                alphabet.withUnsafeBufferPointer { digits in
                    var read = 0
                    var written = 0
                    while read + 3 <= count {
                        let group = UInt32(source[read]) << 16 | UInt32(source[read + 1]) << 8 | UInt32(source[read + 2])
                        output[written] = digits[Int(group >> 18)]
                        output[written + 1] = digits[Int(group >> 12 & 0x3F)]
                        output[written + 2] = digits[Int(group >> 6 & 0x3F)]
                        output[written + 3] = digits[Int(group & 0x3F)]
                        read += 3
                        written += 4
                    }
                    // One or two bytes left: their bits, zero-padded, make two or three digits.
                    let left = count - read
                    if left > 0 {
                        let group = UInt32(source[read]) << 16 | (left == 2 ? UInt32(source[read + 1]) << 8 : 0)
                        for digit in 0...left {
                            output[written + digit] = digits[Int(group >> UInt32(18 - 6 * digit) & 0x3F)]
                        }
                        written += left + 1
                    }
                    return written
                }
            }
        }
    }

    /// The base64url digits (RFC 4648 table 2).
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Decodes unpadded base64url; padding and the `+` `/` alphabet are rejected, as JOSE requires.
    ///
    /// Well-formed text is decoded four digits at a time; anything else goes through the
    /// original path below, which names the offending character or the length.
    public static func decode(_ text: String) throws(EncodingError) -> [UInt8] {
        if let bytes = text.utf8.withContiguousStorageIfAvailable(decodeWellFormed), let bytes { return bytes }
        return try decodeReportingErrors(text)
    }

    /// The bytes of well-formed base64url (trailing bits of the last digit ignored, as
    /// Foundation's decoder does), or `nil` for a character outside the alphabet or a length
    /// that leaves one digit over.
    private static func decodeWellFormed(_ digits: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let count = digits.count
        guard count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(count / 4 * 3 + 2)
        var group: UInt32 = 0
        var held = 0
        for digit in digits {
            let value = digitValues[Int(digit)]
            guard value < 64 else { return nil }
            group = group << 6 | UInt32(value)
            held += 1
            if held == 4 {
                out.append(UInt8(truncatingIfNeeded: group >> 16))
                out.append(UInt8(truncatingIfNeeded: group >> 8))
                out.append(UInt8(truncatingIfNeeded: group))
                group = 0
                held = 0
            }
        }
        switch held {
        case 2:
            out.append(UInt8(truncatingIfNeeded: group >> 4))
        case 3:
            out.append(UInt8(truncatingIfNeeded: group >> 10))
            out.append(UInt8(truncatingIfNeeded: group >> 2))
        default:
            break
        }
        return out
    }

    /// Each byte's digit value, 0xFF outside the base64url alphabet.
    private static let digitValues: [UInt8] = {
        var values = [UInt8](repeating: 0xFF, count: 256)
        for (index, digit) in alphabet.enumerated() { values[Int(digit)] = UInt8(index) }
        return values
    }()

    /// The original decoder: slower, and the one that words the errors (internal so the tests
    /// can hold the fast path to it).
    static func decodeReportingErrors(_ text: String) throws(EncodingError) -> [UInt8] {
        var standard = ""
        standard.reserveCapacity(text.utf8.count + 3)
        for (offset, character) in text.enumerated() {
            switch character {
            case "A"..."Z", "a"..."z", "0"..."9": standard.append(character)
            case "-": standard.append("+")
            case "_": standard.append("/")
            default: throw .invalidCharacter(encoding: "base64url", character: character, offset: offset)
            }
        }
        guard standard.count % 4 != 1 else { throw .invalidLength(encoding: "base64url", length: text.count) }
        while standard.count % 4 != 0 { standard.append("=") }
        guard let data = Data(base64Encoded: standard) else {
            throw .invalidLength(encoding: "base64url", length: text.count)
        }
        return Array(data)
    }
}
