/// Serialises JSON values: RFC 8785 canonical form, compact, or indented for people.
public struct JSONWriter: Sendable {
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

    /// The UTF-8 bytes of a value: ``withBytes(_:_:)``'s, copied into an array of their size.
    public func bytes(_ value: JSONValue) -> [UInt8] {
        var bytes: [UInt8] = []
        withBytes(value) { bytes = Array($0) }
        return bytes
    }

    /// The text of a value: ``withBytes(_:_:)``'s bytes as a string.
    public func string(_ value: JSONValue) -> String {
        var text = ""
        withBytes(value) { text = String(decoding: $0, as: UTF8.self) }
        return text
    }

    /// Calls `body` with the UTF-8 bytes of a value, lent rather than returned as an array.
    ///
    /// For a value that is hashed or copied into a larger buffer right away (a signed
    /// document's canonical form, an NDJSON line): the bytes are written into a buffer on the
    /// stack while they fit in 1 KiB (a proof's context, a proof configuration), and into one heap
    /// buffer of 4 KiB or more beyond that (a credential); ``bytes(_:)`` and ``string(_:)`` copy
    /// them out of that buffer once more. The stack buffer is 1 KiB because
    /// `withUnsafeTemporaryAllocation` puts anything larger on the heap on Linux (the runtime
    /// cannot tell how much stack is left there).
    /// The bytes are valid only inside `body`. Not generic over a result, so that callers in other
    /// modules do not instantiate generic metadata per call (that cost a third of a small write).
    public func withBytes(_ value: JSONValue, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.lentBufferSize) { storage in
            var sink = ByteSink(lending: storage)
            write(value, into: &sink, level: 0)
            sink.withBytes(body)
        }
    }

    /// The stack buffer of ``withBytes(_:_:)``: the most `withUnsafeTemporaryAllocation` keeps
    /// on the stack everywhere.
    static let lentBufferSize = 1024

    private func write(_ value: JSONValue, into sink: inout ByteSink, level: Int) {
        switch value {
        case .null: sink.append("null")
        case .bool(let flag): sink.append(flag ? "true" : "false")
        case .number(let number): Self.writeNumber(number, into: &sink)
        case .string(let text): Self.writeString(text, into: &sink)
        case .array(let elements):
            sink.append(UInt8(ascii: "["))
            // Elements and members are read in place through their buffers: iterating the
            // arrays copied each one out (a retain and a release per value, per write).
            elements.withUnsafeBufferPointer { elements in
                for index in elements.indices {
                    if index != 0 { sink.append(UInt8(ascii: ",")) }
                    newline(into: &sink, level: level + 1)
                    write(elements[index], into: &sink, level: level + 1)
                }
            }
            if !elements.isEmpty { newline(into: &sink, level: level) }
            sink.append(UInt8(ascii: "]"))
        case .object(let object):
            sink.append(UInt8(ascii: "{"))
            object.members.withUnsafeBufferPointer { members in
                if style == .canonical {
                    Self.withCanonicalOrder(members) { order in
                        for position in order.indices {
                            writeMember(members[order[position].index], first: position == 0, into: &sink, level: level)
                        }
                    }
                } else {
                    for index in members.indices {
                        writeMember(members[index], first: index == 0, into: &sink, level: level)
                    }
                }
            }
            if !object.members.isEmpty { newline(into: &sink, level: level) }
            sink.append(UInt8(ascii: "}"))
        }
    }

    @inline(__always)
    private func writeMember(_ member: JSONObject.Member, first: Bool, into sink: inout ByteSink, level: Int) {
        if !first { sink.append(UInt8(ascii: ",")) }
        newline(into: &sink, level: level + 1)
        Self.writeString(member.key, into: &sink)
        if style == .pretty {
            sink.append(UInt8(ascii: ":"), UInt8(ascii: " "))
        } else {
            sink.append(UInt8(ascii: ":"))
        }
        write(member.value, into: &sink, level: level + 1)
    }

    @inline(__always)
    private func newline(into sink: inout ByteSink, level: Int) {
        guard style == .pretty else { return }
        sink.append(UInt8(ascii: "\n"))
        for _ in 0..<level { sink.append(UInt8(ascii: " "), UInt8(ascii: " ")) }
    }

    /// Writes a number as ECMAScript's Number::toString does.
    ///
    /// The value type cannot hold a non-finite number that came from JSON; one built in code is
    /// written as null, as ECMAScript's JSON.stringify does.
    static func writeNumber(_ number: Double, into sink: inout ByteSink) {
        if let integer = ECMAScriptNumber.exactInteger(number) {
            sink.appendDecimal(integer)
            return
        }
        guard let text = ECMAScriptNumber.format(number) else {
            sink.append("null")
            return
        }
        for byte in text.utf8 { sink.append(byte) }
    }
}

extension JSONValue {
    /// The RFC 8785 canonical UTF-8 bytes.
    public var canonicalBytes: [UInt8] { JSONWriter(style: .canonical).bytes(self) }

    /// The RFC 8785 canonical text.
    public var canonicalString: String { JSONWriter(style: .canonical).string(self) }

    /// Compact text in insertion order.
    public var compactString: String { JSONWriter(style: .compact).string(self) }

    /// Indented text in insertion order.
    public var prettyString: String { JSONWriter(style: .pretty).string(self) }
}

extension JSONValue: CustomStringConvertible {
    /// Compact text in insertion order.
    public var description: String { compactString }
}
