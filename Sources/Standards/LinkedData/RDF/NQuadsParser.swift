/// Reads RDF 1.1 N-Quads into quads, keeping blank node labels as written.
public struct NQuadsParser: Sendable {
    /// A parser.
    public init() {}

    /// Parses a document; duplicate quads are kept once, in first-seen order.
    public func parse(_ text: String) throws(NQuadsParseError) -> [RDFQuad] {
        try parse(bytes: Array(text.utf8))
    }

    /// Parses UTF-8 bytes.
    public func parse(bytes: [UInt8]) throws(NQuadsParseError) -> [RDFQuad] {
        var cursor = Cursor(bytes: bytes)
        var quads: [RDFQuad] = []
        var seen = Set<RDFQuad>()
        while !cursor.atEnd {
            cursor.skipSpaceAndComments()
            if cursor.atEnd { break }
            if cursor.peek == 0x0A || cursor.peek == 0x0D {
                cursor.advanceLine()
                continue
            }
            let quad = try cursor.quad()
            if seen.insert(quad).inserted { quads.append(quad) }
        }
        return quads
    }
}

/// A position in the input with the grammar's productions as methods.
private struct Cursor {
    let bytes: [UInt8]
    var index = 0
    var line = 1
    var lineStart = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8 { index < bytes.count ? bytes[index] : 0 }

    func error(_ reason: String) -> NQuadsParseError {
        NQuadsParseError(line: line, column: index - lineStart + 1, reason: reason)
    }

    mutating func advanceLine() {
        if peek == 0x0D { index += 1 }
        if peek == 0x0A { index += 1 }
        line += 1
        lineStart = index
    }

    mutating func skipSpaceAndComments() {
        while !atEnd {
            switch peek {
            case 0x20, 0x09: index += 1
            case 0x23:
                while !atEnd && peek != 0x0A && peek != 0x0D { index += 1 }
            default: return
            }
        }
    }

    mutating func quad() throws(NQuadsParseError) -> RDFQuad {
        let subject = try term(allowLiteral: false)
        skipSpaceAndComments()
        guard peek == 0x3C else { throw error("the predicate must be an IRI") }
        let predicate = try term(allowLiteral: false)
        skipSpaceAndComments()
        let object = try term(allowLiteral: true)
        skipSpaceAndComments()
        var graph: RDFTerm?
        if peek != 0x2E {
            graph = try term(allowLiteral: false)
            skipSpaceAndComments()
        }
        guard peek == 0x2E else { throw error("expected '.' at the end of the statement") }
        index += 1
        skipSpaceAndComments()
        if !atEnd {
            guard peek == 0x0A || peek == 0x0D else { throw error("expected the end of the line after '.'") }
            advanceLine()
        }
        return RDFQuad(subject: subject, predicate: predicate, object: object, graph: graph)
    }

    mutating func term(allowLiteral: Bool) throws(NQuadsParseError) -> RDFTerm {
        skipSpaceAndComments()
        switch peek {
        case 0x3C: return .iri(try iri())
        case 0x5F: return .blankNode(try blankLabel())
        case 0x22 where allowLiteral: return .literal(try literal())
        default: throw error(allowLiteral ? "expected an IRI, blank node or literal" : "expected an IRI or blank node")
        }
    }

    mutating func iri() throws(NQuadsParseError) -> String {
        index += 1
        var out: [UInt8] = []
        while true {
            guard !atEnd else { throw error("unterminated IRI") }
            let byte = peek
            switch byte {
            case 0x3E:
                index += 1
                return String(decoding: out, as: UTF8.self)
            case 0x5C:
                let escapeIndex = index
                index += 1
                guard peek == 0x75 || peek == 0x55 else { throw error("only \\u and \\U escapes are allowed in IRIs") }
                let escapeStart = out.count
                try unicodeEscape(into: &out)
                // An escape stands for a character the IRI could hold as it is: one that IRIREF
                // excludes (a control character, a space, `<`, `>`, `"`, `\`, …) would make the
                // IRI impossible to write back as N-Quads, and is not an IRI character at all.
                if out.count == escapeStart + 1, Self.excludedFromIRIs(out[escapeStart]) {
                    index = escapeIndex  // the error names the escape's own column
                    throw error("escape in an IRI stands for a character not allowed in an IRI")
                }
            case _ where Self.excludedFromIRIs(byte):
                throw error("character not allowed in an IRI")
            default:
                out.append(byte)
                index += 1
            }
        }
    }

    mutating func blankLabel() throws(NQuadsParseError) -> String {
        guard index + 1 < bytes.count, bytes[index + 1] == 0x3A else { throw error("expected '_:' of a blank node") }
        index += 2
        let start = index
        while !atEnd {
            let byte = peek
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x3C || byte == 0x22 { break }
            index += 1
        }
        // A label may not end with '.', which then belongs to the statement.
        while index > start && bytes[index - 1] == 0x2E { index -= 1 }
        guard index > start else { throw error("empty blank node label") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func literal() throws(NQuadsParseError) -> RDFLiteral {
        index += 1
        var out: [UInt8] = []
        loop: while true {
            guard !atEnd else { throw error("unterminated literal") }
            let byte = peek
            switch byte {
            case 0x22:
                index += 1
                break loop
            case 0x0A, 0x0D:
                throw error("line break inside a literal")
            case 0x5C:
                index += 1
                let escaped = peek
                switch escaped {
                case 0x74: out.append(0x09); index += 1
                case 0x62: out.append(0x08); index += 1
                case 0x6E: out.append(0x0A); index += 1
                case 0x72: out.append(0x0D); index += 1
                case 0x66: out.append(0x0C); index += 1
                case 0x22, 0x27, 0x5C: out.append(escaped); index += 1
                case 0x75, 0x55: try unicodeEscape(into: &out)
                default: throw error("unknown escape in a literal")
                }
            default:
                out.append(byte)
                index += 1
            }
        }
        let value = String(decoding: out, as: UTF8.self)
        if peek == 0x40 {
            index += 1
            let start = index
            while !atEnd, peek.isLanguageTagByte { index += 1 }
            guard index > start else { throw error("empty language tag") }
            return RDFLiteral(value, language: String(decoding: bytes[start..<index], as: UTF8.self))
        }
        if peek == 0x5E {
            guard index + 2 < bytes.count, bytes[index + 1] == 0x5E, bytes[index + 2] == 0x3C else {
                throw error("expected '^^<' before a datatype IRI")
            }
            index += 2
            return RDFLiteral(value, datatype: try iri())
        }
        return RDFLiteral(value)
    }

    /// The bytes IRIREF excludes: `#x00`–`#x20`, `<`, `>`, `"`, `{`, `}`, `|`, `^`, `` ` `` and `\`
    /// (`>` ends an IRI and `\` starts an escape where they are read unescaped).
    static func excludedFromIRIs(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x00...0x20, 0x22, 0x3C, 0x3E, 0x5C, 0x5E, 0x60, 0x7B, 0x7C, 0x7D: true
        default: false
        }
    }

    /// Reads `uXXXX` or `UXXXXXXXX` (cursor on the `u`/`U`) and appends the scalar as UTF-8.
    mutating func unicodeEscape(into out: inout [UInt8]) throws(NQuadsParseError) {
        let digits = peek == 0x75 ? 4 : 8
        index += 1
        guard index + digits <= bytes.count else { throw error("truncated unicode escape") }
        var scalarValue: UInt32 = 0
        for offset in 0..<digits {
            guard let digit = bytes[index + offset].hexValue else { throw error("bad hex digit in a unicode escape") }
            scalarValue = scalarValue << 4 | UInt32(digit)
        }
        guard let scalar = Unicode.Scalar(scalarValue) else { throw error("escape is not a Unicode scalar value") }
        index += digits
        out.append(contentsOf: String(Character(scalar)).utf8)
    }
}

extension UInt8 {
    fileprivate var hexValue: UInt8? {
        switch self {
        case 0x30...0x39: self - 0x30
        case 0x41...0x46: self - 0x41 + 10
        case 0x61...0x66: self - 0x61 + 10
        default: nil
        }
    }

    fileprivate var isLanguageTagByte: Bool {
        (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) || (0x30...0x39).contains(self) || self == 0x2D
    }
}
