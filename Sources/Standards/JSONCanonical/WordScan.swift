/// Eight-bytes-at-a-time tests for the parser's and the writers' string loops.
///
/// `(x - 0x01…01 * n) & ~x & 0x80…80` sets the high bit of some byte exactly when a byte of x
/// is below n (for n <= 128), and a byte equal to c is a zero byte (below 1) of x ^ c. The
/// marks above the lowest one may be false (a borrow runs upwards), but the lowest one is
/// exact, so on a little-endian load its position is the first byte that matches.
enum WordScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// High bits marking the bytes below 0x20, quotes and backslashes: those JSON must escape.
    @inline(__always)
    static func escapeMarks(_ word: UInt64) -> UInt64 {
        let control = (word &- ones &* 0x20) & ~word
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let quoteZero = (quote &- ones) & ~quote
        let backslashZero = (backslash &- ones) & ~backslash
        return (control | quoteZero | backslashZero) & highs
    }

    /// High bits marking what a string reader must look at: escapes as above, and bytes of
    /// multi-byte UTF-8 sequences (which must be validated).
    @inline(__always)
    static func readerMarks(_ word: UInt64) -> UInt64 {
        escapeMarks(word) | (word & highs)
    }

    /// The eight bytes from `offset`; the caller checks that eight bytes remain.
    @inline(__always)
    static func word(at offset: Int, in start: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(start + offset).loadUnaligned(as: UInt64.self))
    }

    /// The index of the first byte a non-zero mark points at, relative to the word's start.
    @inline(__always)
    static func firstMarked(_ marks: UInt64) -> Int {
        marks.trailingZeroBitCount >> 3
    }

    /// The index of the first byte JSON must escape, or `count` when there is none.
    ///
    /// Strings with escapes are rare, so this only has to be fast at saying "none": whole
    /// words, the tail as one word ending at the last byte, four to seven bytes as two
    /// overlapping halves; a hit is then located byte by byte from the start of its word.
    @inline(__always)
    static func firstEscape(in start: UnsafePointer<UInt8>, count: Int) -> Int {
        var index = 0
        if count >= 8 {
            while count &- index >= 8 {
                let marks = escapeMarks(word(at: index, in: start))
                if marks != 0 { return index &+ firstMarked(marks) }
                index &+= 8
            }
            if index == count || escapeMarks(word(at: count &- 8, in: start)) == 0 { return count }
        } else if count >= 4 {
            let low = UInt64(UInt32(littleEndian: UnsafeRawPointer(start).loadUnaligned(as: UInt32.self)))
            let high = UInt64(UInt32(littleEndian: UnsafeRawPointer(start + (count &- 4)).loadUnaligned(as: UInt32.self)))
            if escapeMarks(low | high << 32) == 0 { return count }
        }
        while index < count {
            let byte = start[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return index }
            index &+= 1
        }
        return count
    }

    /// The first eight bytes as a big-endian integer, zero-padded: comparing two of these
    /// compares the bytes' order, up to the shorter length.
    @inline(__always)
    static func bigEndianPrefix(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let start = bytes.baseAddress else { return 0 }
        let count = bytes.count
        if count >= 8 { return UInt64(bigEndian: UnsafeRawPointer(start).loadUnaligned(as: UInt64.self)) }
        var prefix: UInt64 = 0
        var index = 0
        while index < count {
            prefix = prefix << 8 | UInt64(start[index])
            index &+= 1
        }
        return count == 0 ? 0 : prefix << (8 &* (8 &- UInt64(count)))
    }

    /// Whether all bytes are below 0x80.
    @inline(__always)
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let start = bytes.baseAddress else { return true }
        let count = bytes.count
        if count < 8 {
            // Keys are mostly this short: OR the bytes together, no branch per byte.
            var union: UInt8 = 0
            var index = 0
            while index < count {
                union |= start[index]
                index += 1
            }
            return union < 0x80
        }
        var union: UInt64 = 0
        var index = 0
        while count - index > 8 {
            union |= word(at: index, in: start)
            index += 8
        }
        // The last eight bytes, overlapping bytes already looked at.
        union |= word(at: count - 8, in: start)
        return union & highs == 0
    }
}
