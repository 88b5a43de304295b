/// `split` without Foundation's `components(separatedBy:)`, which compares by `Character`
/// through generic collection code and cost as much as the rest of a profile's text functions.
extension String {
    /// The pieces between occurrences of `separator`, as `components(separatedBy:)` gives them.
    ///
    /// Byte matching equals `Character` matching when the text and the separator are ASCII and
    /// the separator holds no CR or LF (the one ASCII pair that forms a single `Character`, and
    /// the separator Foundation matches by scalar); other text goes to Foundation.
    func componentsSeparated(by separator: String) -> [String] {
        let pieces: [String]? = withUTF8Bytes { text in
            separator.withUTF8Bytes { needle in Self.asciiComponents(text, needle) }
        }
        return pieces ?? components(separatedBy: separator)
    }

    private static func asciiComponents(_ text: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> [String]? {
        guard !needle.isEmpty, needle.allSatisfy({ $0 < 0x80 && $0 != 0x0A && $0 != 0x0D }), text.allSatisfy({ $0 < 0x80 }) else {
            return nil
        }
        // At most one piece more than the separator's first byte occurs: one allocation.
        var pieces: [String] = []
        pieces.reserveCapacity(text.reduce(1) { $0 + ($1 == needle[0] ? 1 : 0) })
        var pieceStart = 0
        var index = 0
        while index + needle.count <= text.count {
            if text[index] == needle[0], matches(text, at: index, needle) {
                pieces.append(String(decoding: UnsafeBufferPointer(rebasing: text[pieceStart..<index]), as: UTF8.self))
                index += needle.count
                pieceStart = index
            } else {
                index += 1
            }
        }
        pieces.append(String(decoding: UnsafeBufferPointer(rebasing: text[pieceStart..<text.count]), as: UTF8.self))
        return pieces
    }

    private static func matches(_ text: UnsafeBufferPointer<UInt8>, at start: Int, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        for offset in 1..<needle.count where text[start + offset] != needle[offset] { return false }
        return true
    }
}
