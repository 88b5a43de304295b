/// The state of one parse over contiguous UTF-8 bytes.
///
/// Every read is preceded by a check against `end`; the buffer is read through a pointer only
/// so the hot loops (string bodies, white space) do not pay a second bounds check per byte.
struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    let end: Int
    let maximumDepth: Int
    var position = 0
    var depth = 0
    /// Members of the objects being read, innermost last; each object takes its own slice at
    /// its end, so it is allocated once at its final size.
    var memberStack: [JSONObject.Member] = []
    /// Elements of the arrays being read, likewise.
    var elementStack: [JSONValue] = []
    /// The decoded bytes of a string with escapes.
    var scratch: [UInt8] = []
    /// Where the string read last lies in the input when it had no escapes (so its bytes there
    /// are its UTF-8), for the key's lookup shape.
    var lastStringRaw: Range<Int>?
    /// Whether that string was all ASCII.
    var lastStringIsASCII = true

    /// Objects up to this size find duplicate keys by comparing with each earlier key; larger
    /// ones hash them.
    static let linearDuplicateLimit = 16

    /// Room the member and element stacks start with, on the first object or array.
    static let initialStackCapacity = 32

    init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        end = bytes.count
        self.maximumDepth = maximumDepth
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        // A UTF-8 byte order mark is tolerated at the very start, as RFC 8259 permits parsers to.
        if end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if position < end { throw error(.trailingContent) }
        return value
    }

    func error(_ reason: JSONParseError.Reason, at offset: Int? = nil) -> JSONParseError {
        let offset = min(offset ?? position, end)
        var line = 1
        var lineStart = 0
        var index = 0
        while index < offset {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        return JSONParseError(reason: reason, offset: offset, line: line, column: offset - lineStart + 1)
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < end {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    @inline(__always)
    func peek() throws(JSONParseError) -> UInt8 {
        guard position < end else { throw error(.unexpectedEndOfInput) }
        return bytes[position]
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        let byte = try peek()
        switch byte {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error(.unexpectedCharacter(byte, expected: "a JSON value"))
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let expectedBytes = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for expected in expectedBytes {
            guard position < end else { throw error(.unexpectedEndOfInput) }
            guard bytes[position] == expected else {
                throw error(.unexpectedCharacter(bytes[position], expected: "'\(literal)'"))
            }
            position += 1
        }
    }

    mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > maximumDepth { throw error(.nestingTooDeep(limit: maximumDepth)) }
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        position += 1
        skipWhitespace()
        if try peek() == UInt8(ascii: "}") {
            position += 1
            return .object(JSONObject(uniqueMembers: []))
        }
        // One allocation covers the members of all objects of an ordinary document.
        if memberStack.capacity == 0 { memberStack.reserveCapacity(Self.initialStackCapacity) }
        let base = memberStack.count
        var hashedKeys: Set<String>?
        while true {
            skipWhitespace()
            let keyStart = position
            let byte = try peek()
            guard byte == UInt8(ascii: "\"") else {
                throw error(.unexpectedCharacter(byte, expected: "a string key"))
            }
            let key = try parseString()
            let shape = lastStringRaw.map {
                KeyShape(utf8: UnsafeBufferPointer(rebasing: bytes[$0]), isASCII: lastStringIsASCII)
            } ?? KeyShape(key)
            try checkUnique(key, shape: shape, since: base, hashedKeys: &hashedKeys, at: keyStart)
            skipWhitespace()
            let colon = try peek()
            guard colon == UInt8(ascii: ":") else { throw error(.unexpectedCharacter(colon, expected: "':'")) }
            position += 1
            skipWhitespace()
            let value = try parseValue()
            memberStack.append(JSONObject.Member(key: key, value: value, keyShape: shape))
            skipWhitespace()
            let separator = try peek()
            position += 1
            if separator == UInt8(ascii: ",") { continue }
            if separator == UInt8(ascii: "}") { break }
            position -= 1
            throw error(.unexpectedCharacter(separator, expected: "',' or '}'"))
        }
        let members = Array(memberStack[base...])
        memberStack.removeSubrange(base...)
        return .object(JSONObject(uniqueMembers: members))
    }

    /// Refuses a key equal (as `String ==` has it) to one read before in the same object.
    mutating func checkUnique(
        _ key: String, shape: KeyShape, since base: Int, hashedKeys: inout Set<String>?, at keyStart: Int
    ) throws(JSONParseError) {
        if hashedKeys == nil, memberStack.count - base < Self.linearDuplicateLimit {
            let isDuplicate = memberStack.withUnsafeBufferPointer { members in
                members[base...].contains { $0.keyShape.isEqualKey($0.key, to: key, shaped: shape) }
            }
            if isDuplicate { throw error(.duplicateKey(key), at: keyStart) }
            return
        }
        var keys = hashedKeys ?? Set(memberStack[base...].map(\.key))
        hashedKeys = nil  // keeps the set uniquely referenced while it grows
        guard keys.insert(key).inserted else { throw error(.duplicateKey(key), at: keyStart) }
        hashedKeys = keys
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        position += 1
        skipWhitespace()
        if try peek() == UInt8(ascii: "]") {
            position += 1
            return .array([])
        }
        if elementStack.capacity == 0 { elementStack.reserveCapacity(Self.initialStackCapacity) }
        let base = elementStack.count
        while true {
            skipWhitespace()
            let element = try parseValue()
            elementStack.append(element)
            skipWhitespace()
            let separator = try peek()
            position += 1
            if separator == UInt8(ascii: ",") { continue }
            if separator == UInt8(ascii: "]") { break }
            position -= 1
            throw error(.unexpectedCharacter(separator, expected: "',' or ']'"))
        }
        let elements = Array(elementStack[base...])
        elementStack.removeSubrange(base...)
        return .array(elements)
    }
}
