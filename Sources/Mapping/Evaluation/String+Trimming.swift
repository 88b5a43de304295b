/// Trimming without Foundation's `CharacterSet` (which bridges through NSString and cost more
/// than the rest of a mapping's string work, docs/PERFORMANCE.md).
extension String {
    /// The text without leading and trailing white space, by Unicode scalar: the scalars of
    /// Foundation's `whitespacesAndNewlines`, or of `whitespaces` (keeping line breaks).
    func trimmingWhitespace(includingNewlines: Bool) -> String {
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
