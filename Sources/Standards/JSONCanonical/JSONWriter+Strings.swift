extension JSONWriter {
    /// Writes a string with the escaping of ECMAScript's JSON.stringify (RFC 8785 section 3.2.2.2).
    ///
    /// Runs without escapes (nearly all of a credential) are found eight bytes at a time and
    /// copied whole: the byte-by-byte scan was the largest single cost of writing a credential.
    static func writeString(_ text: String, into sink: inout ByteSink) {
        let written: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            writeQuoted(bytes, into: &sink)
        }
        if written == nil {
            let copy = Array(text.utf8)
            copy.withUnsafeBufferPointer { writeQuoted($0, into: &sink) }
        }
    }

    /// Writes UTF-8 bytes as a JSON string literal, escaping quotes, backslashes and controls.
    static func writeQuoted(_ bytes: UnsafeBufferPointer<UInt8>, into sink: inout ByteSink) {
        let count = bytes.count
        // Room for the quotes and every byte copied as is; each escape reserves what it adds.
        sink.reserve(count + 2)
        sink.appendReserved(UInt8(ascii: "\""))
        guard let start = bytes.baseAddress else {
            sink.appendReserved(UInt8(ascii: "\""))
            return
        }
        var runStart = 0
        var index = WordScan.firstEscape(in: start, count: count)
        while index < count {
            sink.reserve(6 + (count - runStart) + 1)
            sink.appendReserved(start + runStart, count: index - runStart)
            appendEscapeReserved(for: start[index], into: &sink)
            runStart = index + 1
            index = runStart + WordScan.firstEscape(in: start + runStart, count: count - runStart)
        }
        sink.appendReserved(start + runStart, count: count - runStart)
        sink.appendReserved(UInt8(ascii: "\""))
    }

    /// The escape of a quote, a backslash or a control character; six bytes are reserved.
    @inline(__always)
    private static func appendEscapeReserved(for byte: UInt8, into sink: inout ByteSink) {
        sink.appendReserved(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): sink.appendReserved(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): sink.appendReserved(UInt8(ascii: "\\"))
        case 0x08: sink.appendReserved(UInt8(ascii: "b"))
        case 0x09: sink.appendReserved(UInt8(ascii: "t"))
        case 0x0A: sink.appendReserved(UInt8(ascii: "n"))
        case 0x0C: sink.appendReserved(UInt8(ascii: "f"))
        case 0x0D: sink.appendReserved(UInt8(ascii: "r"))
        default:
            sink.appendReserved(UInt8(ascii: "u"))
            sink.appendReserved(UInt8(ascii: "0"))
            sink.appendReserved(UInt8(ascii: "0"))
            sink.appendReserved(hexDigit(byte >> 4))
            sink.appendReserved(hexDigit(byte & 0x0F))
        }
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
