/// Formats doubles the way ECMAScript's Number::toString does, which RFC 8785 requires.
public enum ECMAScriptNumber {
    /// The ECMAScript text of a finite double; `nil` for NaN and infinities, which JSON cannot carry.
    public static func format(_ value: Double) -> String? {
        if let integer = exactInteger(value) { return String(integer) }
        return formatShortest(value)
    }

    /// The value as an integer when it is one and below 2^53 in magnitude (zero included, of
    /// either sign); ECMAScript writes exactly those as their plain decimal digits, because no
    /// shorter digit string lies within half a unit in the last place of them.
    @inline(__always)
    static func exactInteger(_ value: Double) -> Int64? {
        guard value.magnitude < 9_007_199_254_740_992, value == value.rounded(.towardZero) else { return nil }
        return Int64(value)
    }

    /// The general algorithm for any double, integers included.
    static func formatShortest(_ value: Double) -> String? {
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
