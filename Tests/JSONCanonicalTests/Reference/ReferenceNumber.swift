import JSONCanonical

/// ECMAScript's Number::toString as the product first wrote it: Swift's description taken apart
/// with Substrings and put together with concatenations. Slow and plain; the product's
/// byte-level `ECMAScriptNumber.formatShortest` is held to it (and both to V8's 100,000 vectors).
enum ReferenceNumber {
    /// The text of any finite double, integers included; `nil` for NaN and infinities.
    static func shortest(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        if value == 0 { return "0" }  // both +0 and -0
        let (digits, exponent) = shortestDigits(of: value.magnitude)
        var result = value < 0 ? "-" : ""
        let k = digits.count
        let n = exponent
        if k <= n && n <= 21 {
            result += digits
            result += String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            let split = digits.index(digits.startIndex, offsetBy: n)
            result += digits[..<split]
            result += "."
            result += digits[split...]
        } else if -6 < n && n <= 0 {
            result += "0."
            result += String(repeating: "0", count: -n)
            result += digits
        } else {
            let sign = n - 1 < 0 ? "-" : "+"
            let first = digits.prefix(1)
            let rest = digits.dropFirst()
            result += first
            if !rest.isEmpty {
                result += "."
                result += rest
            }
            result += "e" + sign + String((n - 1).magnitude)
        }
        return result
    }

    /// The shortest decimal digit string `s` and exponent `n` with value = 0.s × 10^n.
    ///
    /// Swift's own description already yields the shortest round-tripping digits, closest to
    /// the value, which is the choice ECMAScript's algorithm makes; only the layout differs.
    static func shortestDigits(of magnitude: Double) -> (digits: String, exponent: Int) {
        let text = magnitude.description  // e.g. "123.45", "1e-07", "1.2345e+20", "100.0"
        var mantissa = Substring(text)
        var decimalExponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            decimalExponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var integerPart = mantissa
        var fractionPart: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fractionPart = mantissa[mantissa.index(after: dot)...]
        }
        var all = String(integerPart) + fractionPart
        var pointPosition = integerPart.count + decimalExponent
        while all.hasPrefix("0") {
            all.removeFirst()
            pointPosition -= 1
        }
        while all.hasSuffix("0") { all.removeLast() }
        return (all, pointPosition)
    }
}
