extension Reader {
    /// Reads a string literal; `position` is at its opening quote.
    ///
    /// A string without escapes (nearly every string of a credential) is validated in place,
    /// eight plain ASCII bytes at a time, and becomes a `String` straight from the input bytes.
    mutating func parseString() throws(JSONParseError) -> String {
        position += 1
        let start = position
        var isASCII = true
        guard let base = bytes.baseAddress else { throw error(.unexpectedEndOfInput) }
        while position < end {
            if end - position >= 8 {
                let marks = WordScan.readerMarks(WordScan.word(at: position, in: base))
                if marks == 0 {
                    position += 8
                    continue
                }
                position += WordScan.firstMarked(marks)
            }
            let byte = base[position]
            if byte == UInt8(ascii: "\"") {
                let result = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                lastStringRaw = start..<position
                lastStringIsASCII = isASCII
                position += 1
                return result
            }
            if byte == UInt8(ascii: "\\") { return try parseEscapedString(from: start) }
            if byte < 0x20 { throw error(.controlCharacterInString(byte)) }
            if byte >= 0x80 {
                try skipUTF8Scalar()
                isASCII = false
            } else {
                position += 1
            }
        }
        throw error(.unexpectedEndOfInput)
    }

    /// Finishes a string from its first escape on, decoding into `scratch`.
    private mutating func parseEscapedString(from start: Int) throws(JSONParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while true {
            guard position < end else { throw error(.unexpectedEndOfInput) }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                lastStringRaw = nil
                return String(decoding: scratch, as: UTF8.self)
            case UInt8(ascii: "\\"):
                let scalar = try parseEscape()
                UTF8.encode(scalar) { scratch.append($0) }
            case 0..<0x20:
                throw error(.controlCharacterInString(byte))
            case 0..<0x80:
                scratch.append(byte)
                position += 1
            default:
                let scalarStart = position
                try skipUTF8Scalar()
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[scalarStart..<position]))
            }
        }
    }

    mutating func parseEscape() throws(JSONParseError) -> Unicode.Scalar {
        let escapeStart = position
        position += 1
        guard position < end else { throw error(.unexpectedEndOfInput) }
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let first = try parseHex4()
            if (0xD800...0xDBFF).contains(first) {
                guard position + 1 < end, bytes[position] == UInt8(ascii: "\\"),
                      bytes[position + 1] == UInt8(ascii: "u") else {
                    throw error(.loneSurrogate, at: escapeStart)
                }
                position += 2
                let second = try parseHex4()
                guard (0xDC00...0xDFFF).contains(second) else { throw error(.loneSurrogate, at: escapeStart) }
                let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                guard let scalar = Unicode.Scalar(combined) else { throw error(.loneSurrogate, at: escapeStart) }
                return scalar
            }
            guard let scalar = Unicode.Scalar(first) else { throw error(.loneSurrogate, at: escapeStart) }
            return scalar
        default:
            throw error(.invalidEscape, at: escapeStart)
        }
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard position + 4 <= end else { throw error(.invalidUnicodeEscape) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error(.invalidUnicodeEscape)
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// Checks one multi-byte UTF-8 sequence at `position` and steps over it.
    ///
    /// Overlong forms, encoded surrogates and values above U+10FFFF are invalid UTF-8; the
    /// error points at the sequence's first byte.
    mutating func skipUTF8Scalar() throws(JSONParseError) {
        let lead = bytes[position]
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07)
        default: throw error(.invalidUTF8)
        }
        guard position + length <= end else { throw error(.invalidUTF8) }
        for offset in 1..<length {
            let continuation = bytes[position + offset]
            guard continuation & 0xC0 == 0x80 else { throw error(.invalidUTF8) }
            value = value << 6 | UInt32(continuation & 0x3F)
        }
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { throw error(.invalidUTF8) }
        position += length
    }
}
