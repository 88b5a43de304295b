/// Trimming without Foundation's `CharacterSet` (which bridges through NSString and cost more
/// than the rest of a mapping's string work, docs/PERFORMANCE.md).
extension String {
    /// The text without leading and trailing white space, by Unicode scalar: the scalars of
    /// Foundation's `whitespacesAndNewlines`, or of `whitespaces` (keeping line breaks).
    func trimmingWhitespace(includingNewlines: Bool) -> String {
        let trimmed: String?? = withUTF8Bytes { bytes in
            guard let kept = Self.keptASCIIRange(bytes, includingNewlines: includingNewlines) else { return nil }
            // Nothing to trim: keep this string (no copy).
            return kept.count == bytes.count ? .some(nil) : String(decoding: UnsafeBufferPointer(rebasing: bytes[kept]), as: UTF8.self)
        }
        switch trimmed {
        case .some(.some(let text)): return text
        case .some(.none): return self
        case .none: return referenceTrimmingWhitespace(includingNewlines: includingNewlines)
        }
    }

    /// The bytes kept when both edges end in ASCII (whose white space is tab, space and, with
    /// newlines, U+000A–U+000D), found without walking Unicode scalars; `nil` when a non-ASCII
    /// scalar is reached first on either side (it might be white space).
    private static func keptASCIIRange(_ bytes: UnsafeBufferPointer<UInt8>, includingNewlines: Bool) -> Range<Int>? {
        func isTrimmed(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || (includingNewlines && (0x0A...0x0D).contains(byte))
        }
        var start = 0
        var end = bytes.count
        while start < end {
            let byte = bytes[start]
            if byte >= 0x80 { return nil }
            guard isTrimmed(byte) else { break }
            start += 1
        }
        while end > start {
            let byte = bytes[end - 1]
            if byte >= 0x80 { return nil }
            guard isTrimmed(byte) else { break }
            end -= 1
        }
        return start..<end
    }

    /// The scalar-by-scalar reading, for text with non-ASCII edges (and the tests' reference).
    func referenceTrimmingWhitespace(includingNewlines: Bool) -> String {
        let isTrimmed: (Unicode.Scalar) -> Bool = { scalar in
            Self.isSpace(scalar) || (includingNewlines && Self.isNewline(scalar))
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
            let last = scalars.lastIndex(where: { !isTrimmed($0) })
        else { return "" }
        return String(scalars[first...last])
    }

    /// Foundation's `whitespaces` on Linux: tab and the space separators, and U+200B.
    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Foundation's `newlines`: U+000A–U+000D, U+0085, U+2028, U+2029.
    private static func isNewline(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }
}
