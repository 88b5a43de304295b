// The writer before the performance work of issue 7, kept verbatim apart from names so the
// equivalence tests can hold the faster code to it over many generated inputs. The number
// formatter's general algorithm and UTF16Order did not change and are used as they are.
@testable import JSONCanonical

/// Serialises JSON values: RFC 8785 canonical form, compact, or indented for people.
struct ReferenceWriter: Sendable {
    typealias Style = JSONWriter.Style

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
            output.append(contentsOf: (ReferenceNumber.shortest(number) ?? "null").utf8)
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
        members.indices.sorted { UTF16Order.precedes(members[$0].key, members[$1].key) }
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
