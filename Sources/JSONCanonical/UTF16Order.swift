/// The order of strings by their UTF-16 code units, which RFC 8785 sorts object members by,
/// computed on the UTF-8 bytes without transcoding.
///
/// UTF-8 byte order is code point order, and code point order is UTF-16 order except where a
/// character above U+FFFF (UTF-16 surrogates, D800–DFFF) meets one in U+E000–U+FFFF: there
/// UTF-16 puts the first before the second. Two such characters first differ in their lead
/// byte (F0–F4 against EE–EF), so that is the one case to turn round.
enum UTF16Order {
    /// Whether `lhs` sorts before `rhs` by UTF-16 code units.
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        var left = lhs.utf8.makeIterator()
        var right = rhs.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return false
            case (nil, _): return true
            case (_, nil): return false
            case (let a?, let b?):
                guard a != b else { continue }
                if a >= 0xF0 && (b == 0xEE || b == 0xEF) { return true }
                if b >= 0xF0 && (a == 0xEE || a == 0xEF) { return false }
                return a < b
            }
        }
    }
}
