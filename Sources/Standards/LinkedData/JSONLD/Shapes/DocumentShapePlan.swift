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
        case iri(ActiveContext, vocab: Bool)
        case literal(datatype: String?, language: String?)
    }

    let shape: DocumentShape
    let slots: [Slot]
    let quads: [Quad]

    /// The dataset of `document`, or `nil` where the plan does not apply to it.
    func dataset(of document: JSONValue) -> [RDFQuad]? {
        guard let leaves = shape.leaves(of: document) else { return nil }
        var terms: [RDFTerm] = []
        terms.reserveCapacity(slots.count)
        // Every slot is worked out, used or not: a value the general algorithm would refuse
        // must send the document to it.
        for (slot, leaf) in zip(slots, leaves) {
            guard let term = Self.term(slot, leaf) else { return nil }
            terms.append(term)
        }
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

    private static func term(_ slot: Slot, _ leaf: JSONValue) -> RDFTerm? {
        switch slot {
        case .iri(let active, let vocab):
            guard case .string(let text) = leaf,
                  let iri = active.expandIRI(text, vocab: vocab, documentRelative: true),
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
            switch slot.kind {
            case .iri(let active, let vocab): slots[index] = .iri(active, vocab: vocab)
            case .literal(let datatype, let language): slots[index] = .literal(datatype: datatype, language: language)
            }
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
              result.nquads == canonical
        else { return nil }
        return plan
    }
}
