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
    ///
    /// Works on bytes: the digits of Swift's description are gathered into a small buffer and
    /// laid out once into the result, instead of Substrings, String concatenations and zeros
    /// trimmed one at a time for every non-integer number written.
    static func formatShortest(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        if value == 0 { return "0" }  // both +0 and -0
        // Swift's description already yields the shortest round-tripping digits, closest to the
        // value, which is the choice ECMAScript's algorithm makes; only the layout differs.
        var text = value.magnitude.description  // e.g. "123.45", "1e-07", "1.2345e+20", "100.0"
        return text.withUTF8 { described in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: described.count) { digits in
                let (significant, n) = shortestDigits(described, into: digits)
                return layout(digits: UnsafeBufferPointer(rebasing: digits[significant]), exponent: n, negative: value < 0)
            }
        }
    }

    /// The shortest digit string `s` and the exponent `n` with value = 0.s × 10^n, from Swift's
    /// description of a positive finite double: the description's digits go into `digits`, and
    /// the range returned is `s` among them (no leading or trailing zero).
    private static func shortestDigits(
        _ described: UnsafeBufferPointer<UInt8>, into digits: UnsafeMutableBufferPointer<UInt8>
    ) -> (significant: Range<Int>, exponent: Int) {
        var count = 0
        var integerDigits: Int?
        var index = 0
        // The mantissa: digits, and where the point is.
        while index < described.count {
            let byte = described[index]
            if byte == UInt8(ascii: ".") {
                integerDigits = count
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                break
            } else {
                digits[count] = byte
                count += 1
            }
            index += 1
        }
        var pointPosition = integerDigits ?? count
        // The exponent after "e", with its sign.
        if index < described.count {
            index += 1
            var negative = false
            if index < described.count, described[index] == UInt8(ascii: "-") || described[index] == UInt8(ascii: "+") {
                negative = described[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponent = 0
            while index < described.count {
                exponent = exponent * 10 + Int(described[index] &- UInt8(ascii: "0"))
                index += 1
            }
            pointPosition += negative ? -exponent : exponent
        }
        var first = 0
        while first < count, digits[first] == UInt8(ascii: "0") {
            first += 1
            pointPosition -= 1
        }
        while count > first, digits[count - 1] == UInt8(ascii: "0") { count -= 1 }
        return (first..<count, pointPosition)
    }

    /// ECMAScript's Number::toString layout of the digits `s` (k of them) and exponent `n`.
    private static func layout(digits: UnsafeBufferPointer<UInt8>, exponent n: Int, negative: Bool) -> String {
        let k = digits.count
        // The longest form is "-0.000000" and 17 digits, or "-d.dddddddddddddddde-324".
        return String(unsafeUninitializedCapacity: k + 27) { output in
            var position = 0
            func put(_ byte: UInt8) {
                output[position] = byte
                position += 1
            }
            func putDigits(_ range: Range<Int>) {
                for index in range { put(digits[index]) }
            }
            if negative { put(UInt8(ascii: "-")) }
            if k <= n && n <= 21 {
                putDigits(0..<k)
                for _ in 0..<(n - k) { put(UInt8(ascii: "0")) }
            } else if 0 < n && n <= 21 {
                putDigits(0..<n)
                put(UInt8(ascii: "."))
                putDigits(n..<k)
            } else if -6 < n && n <= 0 {
                put(UInt8(ascii: "0"))
                put(UInt8(ascii: "."))
                for _ in 0..<(-n) { put(UInt8(ascii: "0")) }
                putDigits(0..<k)
            } else {
                put(digits[0])
                if k > 1 {
                    put(UInt8(ascii: "."))
                    putDigits(1..<k)
                }
                put(UInt8(ascii: "e"))
                put(n - 1 < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
                let magnitude = (n - 1).magnitude
                if magnitude >= 100 { put(UInt8(ascii: "0") &+ UInt8(magnitude / 100)) }
                if magnitude >= 10 { put(UInt8(ascii: "0") &+ UInt8(magnitude / 10 % 10)) }
                put(UInt8(ascii: "0") &+ UInt8(magnitude % 10))
            }
            return position
        }
    }
}
