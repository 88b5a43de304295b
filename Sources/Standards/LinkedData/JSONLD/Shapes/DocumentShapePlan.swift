import Foundation
import JSONCanonical

/// The RDF dataset of every document of one shape, as quads with holes for the leaves that vary.
///
/// Compiled once from a document by the general algorithm with a ``ShapeRecorder`` watching,
/// then applied to each later document whose ``DocumentShape`` matches: its leaves are put
/// through exactly what the general algorithm would do to them (a string is copied as a lexical
/// form, a number or boolean gets its canonical form and datatype, an IRI is expanded with the
/// context recorded at its place), and the quads are the template's with those terms filled in.
/// Blank node labels are the template's; RDFC-1.0 relabels them canonically, so the result is
/// the dataset the general algorithm produces up to blank node names.
///
/// Where a leaf would take the general algorithm down another branch (an IRI that expands to a
/// blank node, a keyword, a relative IRI, or nothing) the plan refuses the document and the
/// general algorithm runs, with its errors. A plan is kept only if it reproduces the canonical
/// form of the document it was compiled from.
struct DocumentShapePlan: Sendable {
    enum Term: Sendable {
        case constant(RDFTerm)
        case slot(Int)
    }

    struct Quad: Sendable {
        var subject: Term
        var predicate: RDFTerm
        var object: Term
        var graph: Term?
    }

    /// How slot `i` (in ``DocumentShape/slotPaths`` order) becomes a term.
    enum Slot: Sendable {
        /// An IRI: the value through IRI expansion with the context in force there.
        case iri(IRIExpansion)
        /// A literal whose datatype or language the term definition decides.
        case literal(datatype: String?, language: String?)
    }

    /// IRI expansion with one active context, kept by reference: a slot is read for every
    /// document, and copying the context's storage retained each of its fields.
    final class IRIExpansion: Sendable {
        let context: ActiveContext
        let vocab: Bool

        init(_ context: ActiveContext, vocab: Bool) {
            self.context = context
            self.vocab = vocab
        }
    }

    /// A canonical N-Quads line of the template: constant bytes and the slots written between them.
    enum Piece: Sendable {
        case bytes([UInt8])
        case slot(Int)
    }

    let shape: DocumentShape
    let slots: [Slot]
    let quads: [Quad]
    /// The template's lines where it has no blank node, else `nil`. Without blank nodes RDFC-1.0
    /// relabels nothing, so the canonical form is the distinct lines in code point order and the
    /// plan writes them without making quads (``canonicalNQuads(of:)``).
    let lines: [[Piece]]?
    /// The constant bytes of ``lines``, to size the buffer.
    let lineBytes: Int

    init(shape: DocumentShape, slots: [Slot], quads: [Quad]) {
        self.shape = shape
        self.slots = slots
        self.quads = quads
        lines = Self.lines(of: quads)
        lineBytes = lines?.reduce(0) { total, pieces in
            total + pieces.reduce(0) { sum, piece in
                if case .bytes(let bytes) = piece { return sum + bytes.count }
                return sum
            }
        } ?? 0
    }

    /// The dataset of `document`, or `nil` where the plan does not apply to it.
    func dataset(of document: JSONValue) -> [RDFQuad]? {
        guard let terms = terms(of: document) else { return nil }
        func fill(_ term: Term) -> RDFTerm {
            switch term {
            case .constant(let constant): constant
            case .slot(let index): terms[index]
            }
        }
        return quads.map { quad in
            RDFQuad(subject: fill(quad.subject), predicate: quad.predicate, object: fill(quad.object), graph: quad.graph.map(fill))
        }
    }

    /// The RDFC-1.0 canonical N-Quads of `document`, where the template has no blank node and
    /// the plan applies; otherwise `nil`.
    ///
    /// Written into one buffer: each slot's N-Quads text once, each line from its pieces, then
    /// the lines' ranges sorted in code point order (byte order) and copied out without repeats.
    func canonicalNQuads(of document: JSONValue) -> [UInt8]? {
        guard let lines, let leaves = shape.leaves(of: document), leaves.count == slots.count else { return nil }
        var slotText: [UInt8] = []
        slotText.reserveCapacity(64 * slots.count)
        var slotRanges: [Range<Int>] = []
        slotRanges.reserveCapacity(slots.count)
        // By index: `zip` copied each slot and leaf out of its array.
        for index in slots.indices {
            let start = slotText.count
            guard Self.write(slots[index], leaves[index], to: &slotText) else { return nil }
            slotRanges.append(start..<slotText.count)
        }
        var text: [UInt8] = []
        text.reserveCapacity(lineBytes + 2 * slotText.count)
        var lineRanges: [Range<Int>] = []
        lineRanges.reserveCapacity(lines.count)
        for pieces in lines {
            let start = text.count
            for piece in pieces {
                switch piece {
                case .bytes(let bytes): text.append(contentsOf: bytes)
                case .slot(let index): text.append(contentsOf: slotText[slotRanges[index]])
                }
            }
            lineRanges.append(start..<text.count)
        }
        return text.withUnsafeBufferPointer { buffer -> [UInt8] in
            func compare(_ lhs: Range<Int>, _ rhs: Range<Int>) -> Int32 {
                let common = min(lhs.count, rhs.count)
                if common > 0, let base = buffer.baseAddress {
                    let order = memcmp(base + lhs.lowerBound, base + rhs.lowerBound, common)
                    if order != 0 { return order }
                }
                return lhs.count == rhs.count ? 0 : (lhs.count < rhs.count ? -1 : 1)
            }
            lineRanges.sort { compare($0, $1) < 0 }
            var output: [UInt8] = []
            output.reserveCapacity(buffer.count)
            var previous: Range<Int>?
            for range in lineRanges {
                if let previous, compare(previous, range) == 0 { continue }
                output.append(contentsOf: buffer[range])
                previous = range
            }
            return output
        }
    }

    /// Appends the N-Quads text of slot `slot` holding `leaf`; `false` where the plan does not
    /// apply (the same refusals as ``term(_:_:)``).
    private static func write(_ slot: Slot, _ leaf: JSONValue, to out: inout [UInt8]) -> Bool {
        switch slot {
        case .literal(.none, .none):
            // The common case, a plain string: no term built.
            guard case .string(let text) = leaf else { break }
            out.append(0x22)
            NQuadsSerializer.appendEscapedLiteral(text, to: &out)
            out.append(0x22)
            return true
        default:
            break
        }
        guard let term = term(slot, leaf) else { return false }
        NQuadsSerializer.append(term, to: &out, blankLabel: { $0 })
        return true
    }

    /// The slots' terms for `document`, or `nil` where the plan does not apply. Every slot is
    /// worked out, used or not: a value the general algorithm would refuse must send the
    /// document to it.
    private func terms(of document: JSONValue) -> [RDFTerm]? {
        guard let leaves = shape.leaves(of: document) else { return nil }
        var terms: [RDFTerm] = []
        terms.reserveCapacity(slots.count)
        for (slot, leaf) in zip(slots, leaves) {
            guard let term = Self.term(slot, leaf) else { return nil }
            terms.append(term)
        }
        return terms
    }

    private static func lines(of quads: [Quad]) -> [[Piece]]? {
        var lines: [[Piece]] = []
        for quad in quads {
            var pieces: [Piece] = []
            var constant: [UInt8] = []
            func add(_ term: Term) -> Bool {
                switch term {
                case .constant(.blankNode): return false
                case .constant(let rdf): NQuadsSerializer.append(rdf, to: &constant, blankLabel: { $0 })
                case .slot(let index):
                    if !constant.isEmpty { pieces.append(.bytes(constant)) }
                    constant = []
                    pieces.append(.slot(index))
                }
                return true
            }
            guard add(quad.subject) else { return nil }
            constant.append(0x20)
            guard add(.constant(quad.predicate)) else { return nil }
            constant.append(0x20)
            guard add(quad.object) else { return nil }
            if let graph = quad.graph {
                constant.append(0x20)
                guard add(graph) else { return nil }
            }
            constant.append(contentsOf: [0x20, 0x2E, 0x0A])
            pieces.append(.bytes(constant))
            lines.append(pieces)
        }
        return lines
    }

    private static func term(_ slot: Slot, _ leaf: JSONValue) -> RDFTerm? {
        switch slot {
        case .iri(let expansion):
            guard case .string(let text) = leaf,
                  let iri = expansion.context.expandIRI(text, vocab: expansion.vocab, documentRelative: true),
                  ShapeRecorder.isSubstitutableIRI(iri)
            else { return nil }
            return .iri(iri)
        case .literal(let datatype, let language):
            return RDFWriter.literal(value: leaf, datatype: datatype, language: language).map(RDFTerm.literal)
        }
    }
}

extension DocumentShapePlan {
    /// The plan of `document`'s shape, or `nil` where none is exact: the recorder saw a leaf
    /// twice or in a place it cannot follow, a sentinel ended up inside another term, or the
    /// plan applied to `document` does not give `canonical`, the general algorithm's result.
    static func compile(
        _ document: JSONValue, options: JSONLDProcessor.Options, canonical: [UInt8]
    ) -> DocumentShapePlan? {
        let recorder = ShapeRecorder()
        var expander = Expander(contexts: ContextProcessor(store: options.contexts), strict: options.strict)
        expander.recorder = recorder
        guard let expanded = try? expander.expandDocument(document, base: options.base), !recorder.failed else { return nil }
        var nodeMap = NodeMap()
        var noList: [NodeMap.Item]?
        nodeMap.add(.array(expanded), graph: NodeMap.defaultGraph, target: .none, list: &noList)
        let written = RDFWriter.quads(from: nodeMap)

        guard let shape = DocumentShape(document: document, slots: Set(recorder.slots.map(\.path))) else { return nil }
        // Recording order → document order.
        var position: [[JSONPathComponent]: Int] = [:]
        for (index, path) in shape.slotPaths.enumerated() { position[path] = index }
        var documentOrder = [Int](repeating: 0, count: recorder.slots.count)
        var slots = [Slot?](repeating: nil, count: recorder.slots.count)
        for (recorded, slot) in recorder.slots.enumerated() {
            guard let index = position[slot.path] else { return nil }
            documentOrder[recorded] = index
            slots[index] = slot.kind
        }

        func term(_ rdf: RDFTerm) -> Term? {
            switch rdf {
            case .iri(let iri):
                if let recorded = recorder.slot(iri: iri), recorded < documentOrder.count,
                   case .iri? = slots[documentOrder[recorded]] {
                    return .slot(documentOrder[recorded])
                }
                return recorder.mentionsSentinel(iri) ? nil : .constant(rdf)
            case .literal(let literal):
                if let recorded = recorder.slot(literal: literal.value), recorded < documentOrder.count,
                   case .literal? = slots[documentOrder[recorded]] {
                    return .slot(documentOrder[recorded])
                }
                let mentions = recorder.mentionsSentinel(literal.value) || recorder.mentionsSentinel(literal.datatype)
                    || literal.language.map(recorder.mentionsSentinel) == true
                return mentions ? nil : .constant(rdf)
            case .blankNode(let label):
                return recorder.mentionsSentinel(label) ? nil : .constant(rdf)
            }
        }
        var quads: [Quad] = []
        quads.reserveCapacity(written.count)
        for quad in written {
            guard let subject = term(quad.subject), let object = term(quad.object),
                  case .constant(let predicate)? = term(quad.predicate)
            else { return nil }
            var graph: Term?
            if let name = quad.graph {
                guard let named = term(name) else { return nil }
                graph = named
            }
            quads.append(Quad(subject: subject, predicate: predicate, object: object, graph: graph))
        }
        let plan = DocumentShapePlan(shape: shape, slots: slots.compactMap { $0 }, quads: quads)
        guard plan.slots.count == slots.count,
              let replayed = plan.dataset(of: document),
              let result = try? RDFCanonicalizer(options: options.canonicalization).canonicalize(replayed),
              result.nquads == canonical,
              plan.lines == nil || plan.canonicalNQuads(of: document) == canonical
        else { return nil }
        return plan
    }
}
