extension Reader {
    /// Reads a number; `position` is at its first byte (a minus sign or a digit).
    ///
    /// An integer literal of at most 15 digits is exact in a double and is computed directly;
    /// everything else goes through the standard library's correctly rounded conversion.
    mutating func parseNumber() throws(JSONParseError) -> Double {
        let start = position
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        guard position < end else { throw error(.invalidNumber(text(from: start)), at: start) }
        var integer: Int64 = 0
        let integerStart = position
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else if isDigit(bytes[position]) {
            while position < end, isDigit(bytes[position]) {
                if position - integerStart < 15 { integer = integer * 10 + Int64(bytes[position] - UInt8(ascii: "0")) }
                position += 1
            }
        } else {
            throw error(.invalidNumber(text(from: start)), at: start)
        }
        var isPlainInteger = position - integerStart <= 15
        if position < end, bytes[position] == UInt8(ascii: ".") {
            isPlainInteger = false
            position += 1
            let digitsStart = position
            while position < end, isDigit(bytes[position]) { position += 1 }
            if position == digitsStart { throw error(.invalidNumber(text(from: start)), at: start) }
        }
        if position < end, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            isPlainInteger = false
            position += 1
            if position < end, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            let digitsStart = position
            while position < end, isDigit(bytes[position]) { position += 1 }
            if position == digitsStart { throw error(.invalidNumber(text(from: start)), at: start) }
        }
        if isPlainInteger {
            // -0 stays negative zero, as the conversion from text gives it.
            return negative ? -Double(integer) : Double(integer)
        }
        let literal = text(from: start)
        guard let value = Double(literal) else { throw error(.invalidNumber(literal), at: start) }
        guard value.isFinite else { throw error(.numberOutOfRange(literal), at: start) }
        return value
    }

    @inline(__always)
    func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    func text(from start: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<min(position, end)]), as: UTF8.self)
    }
}
