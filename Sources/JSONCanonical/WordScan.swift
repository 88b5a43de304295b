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
