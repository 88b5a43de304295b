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
        var left = lhs
        var right = rhs
        return left.withUTF8 { a in
            right.withUTF8 { b in
                let common = min(a.count, b.count)
                var index = 0
                while index < common, a[index] == b[index] { index += 1 }
                guard index < common else { return a.count < b.count }
                let (x, y) = (a[index], b[index])
                if x >= 0xF0 && (y == 0xEE || y == 0xEF) { return true }
                if y >= 0xF0 && (x == 0xEE || x == 0xEF) { return false }
                return x < y
            }
        }
    }
}
