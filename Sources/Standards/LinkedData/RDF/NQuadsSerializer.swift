/// Writes quads in canonical N-Quads form (RDF 1.1 N-Quads as RDFC-1.0 requires it).
///
/// Canonical form: single spaces between terms, IRIs written as they are, `xsd:string` omitted,
/// literals escaping only `"`, `\`, the control characters and DEL, with the short escapes
/// where N-Quads has them and `\uXXXX` (upper-case hex) otherwise.
public enum NQuadsSerializer {
    /// One quad as a line, with its terminating newline.
    public static func line(_ quad: RDFQuad) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        append(quad, to: &out)
        return out
    }

    /// A whole dataset, one line per quad, in the given order.
    public static func document(_ quads: [RDFQuad]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(quads.count * 128)
        for quad in quads { append(quad, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends one quad line; `blankLabel` lets the canonicaliser substitute labels while hashing.
    static func append(
        _ quad: RDFQuad,
        to out: inout [UInt8],
        blankLabel: (String) -> String = { $0 }
    ) {
        append(quad.subject, to: &out, blankLabel: blankLabel)
        out.append(0x20)
        append(quad.predicate, to: &out, blankLabel: blankLabel)
        out.append(0x20)
        append(quad.object, to: &out, blankLabel: blankLabel)
        if let graph = quad.graph {
            out.append(0x20)
            append(graph, to: &out, blankLabel: blankLabel)
        }
        out.append(contentsOf: [0x20, 0x2E, 0x0A])
    }

    /// Appends one term.
    static func append(_ term: RDFTerm, to out: inout [UInt8], blankLabel: (String) -> String) {
        switch term {
        case .iri(let iri):
            appendIRI(iri, to: &out)
        case .blankNode(let label):
            out.append(contentsOf: [0x5F, 0x3A])
            out.append(contentsOf: blankLabel(label).utf8)
        case .literal(let literal):
            out.append(0x22)
            appendEscaped(literal.value, to: &out)
            out.append(0x22)
            if let language = literal.language {
                out.append(0x40)
                out.append(contentsOf: language.utf8)
            } else if literal.datatype != RDFVocabulary.xsdString {
                out.append(contentsOf: [0x5E, 0x5E])
                appendIRI(literal.datatype, to: &out)
            }
        }
    }

    private static func appendIRI(_ iri: String, to out: inout [UInt8]) {
        out.append(0x3C)
        out.append(contentsOf: iri.utf8)
        out.append(0x3E)
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Appends a literal's lexical form as canonical N-Quads escapes it (without the quotes).
    public static func appendEscapedLiteral(_ value: String, to out: inout [UInt8]) {
        appendEscaped(value, to: &out)
    }

    private static func appendEscaped(_ value: String, to out: inout [UInt8]) {
        // Most lexical forms need no escape: copied whole, not byte by byte.
        let copied = value.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for byte in bytes where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if copied == true { return }
        for byte in value.utf8 {
            switch byte {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case 0x08: out.append(contentsOf: [0x5C, 0x62])
            case 0x0C: out.append(contentsOf: [0x5C, 0x66])
            case 0x00..<0x20, 0x7F:
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30])
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            default:
                out.append(byte)
            }
        }
    }
}
