// The implementation before the performance work of issue 7, kept verbatim apart from names
// so the equivalence tests can hold the faster code to it over many generated inputs.
@testable import JSONCanonical

/// Serialises JSON values: RFC 8785 canonical form, compact, or indented for people.
struct ReferenceWriter: Sendable {
    /// The layout of the output.
    public enum Style: Sendable {
        /// RFC 8785 (JCS): members sorted by UTF-16 code units, no white space.
        case canonical
        /// Members in insertion order, no white space.
        case compact
        /// Members in insertion order, indented by two spaces.
        case pretty
    }

    /// The layout of the output.
    public var style: Style

    /// A writer with the given style.
    public init(style: Style) {
        self.style = style
    }

    /// The UTF-8 bytes of a value.
    public func bytes(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(value, into: &output, level: 0)
        return output
    }

    /// The text of a value.
    public func string(_ value: JSONValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    private func write(_ value: JSONValue, into output: inout [UInt8], level: Int) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number):
            // The value type cannot hold a non-finite number that came from JSON; one built in code
            // is written as null, as ECMAScript's JSON.stringify does.
            output.append(contentsOf: (ReferenceNumber.format(number) ?? "null").utf8)
        case .string(let text): Self.writeString(text, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                newline(into: &output, level: level + 1)
                write(element, into: &output, level: level + 1)
            }
            if !elements.isEmpty { newline(into: &output, level: level) }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            let members = object.members
            let order = style == .canonical ? Self.canonicalOrder(members) : Array(members.indices)
            for (position, index) in order.enumerated() {
                let member = members[index]
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(into: &output, level: level + 1)
                Self.writeString(member.key, into: &output)
                output.append(UInt8(ascii: ":"))
                if style == .pretty { output.append(UInt8(ascii: " ")) }
                write(member.value, into: &output, level: level + 1)
            }
            if !members.isEmpty { newline(into: &output, level: level) }
            output.append(UInt8(ascii: "}"))
        }
    }

    private func newline(into output: inout [UInt8], level: Int) {
        guard style == .pretty else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: level * 2))
    }

    /// The positions of the members sorted by the UTF-16 code units of their keys (RFC 8785
    /// section 3.2.3); positions rather than members, so sorting moves integers only.
    static func canonicalOrder(_ members: [JSONObject.Member]) -> [Int] {
        members.indices.sorted { ReferenceUTF16Order.precedes(members[$0].key, members[$1].key) }
    }

    /// Writes a string with the escaping of ECMAScript's JSON.stringify (RFC 8785 section 3.2.2.2).
    ///
    /// Runs without escapes (nearly all of a credential) are copied whole: byte-by-byte appends
    /// were a tenth of the cost of signing a credential (docs/PERFORMANCE.md).
    static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                appendEscape(for: byte, into: &output)
                runStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        output.append(UInt8(ascii: "\""))
    }

    /// The escape of a quote, a backslash or a control character.
    private static func appendEscape(for byte: UInt8, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): output.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
        case 0x08: output.append(UInt8(ascii: "b"))
        case 0x09: output.append(UInt8(ascii: "t"))
        case 0x0A: output.append(UInt8(ascii: "n"))
        case 0x0C: output.append(UInt8(ascii: "f"))
        case 0x0D: output.append(UInt8(ascii: "r"))
        default:
            let hex = Array("0123456789abcdef".utf8)
            output.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
            output.append(hex[Int(byte >> 4)])
            output.append(hex[Int(byte & 0x0F)])
        }
    }
}


/// Formats doubles the way ECMAScript's Number::toString does, which RFC 8785 requires.
enum ReferenceNumber {
    /// The ECMAScript text of a finite double; `nil` for NaN and infinities, which JSON cannot carry.
    public static func format(_ value: Double) -> String? {
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

/// The order of strings by their UTF-16 code units, which RFC 8785 sorts object members by,
/// computed on the UTF-8 bytes without transcoding.
///
/// UTF-8 byte order is code point order, and code point order is UTF-16 order except where a
/// character above U+FFFF (UTF-16 surrogates, D800–DFFF) meets one in U+E000–U+FFFF: there
/// UTF-16 puts the first before the second. Two such characters first differ in their lead
/// byte (F0–F4 against EE–EF), so that is the one case to turn round.
enum ReferenceUTF16Order {
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
