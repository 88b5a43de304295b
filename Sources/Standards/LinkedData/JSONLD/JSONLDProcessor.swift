import JSONCanonical

/// JSON-LD 1.1 expansion and conversion to RDF with contexts from an offline ``ContextStore``.
///
/// ```swift
/// let processor = JSONLDProcessor()                      // bundled contexts, strict
/// let canonical = try processor.canonicalize(credential) // RDFC-1.0 N-Quads
/// print(canonical.nquadsString)
/// ```
public struct JSONLDProcessor: Sendable {
    /// Settings of a processor.
    public struct Options: Sendable {
        /// Where contexts come from; nothing is fetched.
        public var contexts: ContextStore
        /// Strict ("safe") mode: terms the contexts do not define, relative IRIs and other data
        /// that expansion would silently drop are errors. Required for signing; off only for
        /// inspecting foreign documents.
        public var strict: Bool
        /// The document's base IRI for relative references, if any.
        public var base: String?
        /// Settings of RDFC-1.0 for ``JSONLDProcessor/canonicalize(_:)``.
        public var canonicalization: RDFCanonicalizer.Options
        /// Whether ``JSONLDProcessor/canonicalize(_:)`` converts documents of a shape it has
        /// seen before from a plan compiled once for that shape (the general algorithm with
        /// the leaves that vary filled in; see `DocumentShapePlan`). Same output either way.
        public var compilesDocumentShapes: Bool

        /// Options: bundled contexts, strict mode, no base, default RDFC-1.0 settings, plans
        /// for repeated document shapes.
        public init(
            contexts: ContextStore = .bundled,
            strict: Bool = true,
            base: String? = nil,
            canonicalization: RDFCanonicalizer.Options = .init(),
            compilesDocumentShapes: Bool = true
        ) {
            self.contexts = contexts
            self.strict = strict
            self.base = base
            self.canonicalization = canonicalization
            self.compilesDocumentShapes = compilesDocumentShapes
        }
    }

    /// The settings in use.
    public var options: Options {
        didSet { shapes = options.compilesDocumentShapes ? DocumentShapeCache() : nil }
    }

    /// Plans for the document shapes this processor has seen, shared by its copies; made
    /// again when the options change.
    private(set) var shapes: DocumentShapeCache?

    /// A processor.
    public init(options: Options = Options()) {
        self.options = options
        shapes = options.compilesDocumentShapes ? DocumentShapeCache() : nil
    }

    /// Expanded JSON-LD (an array of node objects).
    public func expand(_ document: JSONValue) throws(JSONLDError) -> [JSONValue] {
        let expander = Expander(contexts: ContextProcessor(store: options.contexts), strict: options.strict)
        return try expander.expandDocument(document, base: options.base)
    }

    /// The RDF dataset of the document (Deserialize JSON-LD to RDF; base direction ignored).
    public func toRDF(_ document: JSONValue) throws(JSONLDError) -> [RDFQuad] {
        var nodeMap = NodeMap()
        var noList: [NodeMap.Item]?
        nodeMap.add(.array(try expand(document)), graph: NodeMap.defaultGraph, target: .none, list: &noList)
        return RDFWriter.quads(from: nodeMap)
    }

    /// The RDFC-1.0 canonical form of the document: what the RDF cryptosuites hash.
    ///
    /// A document of a shape seen before is converted to RDF from that shape's plan; the
    /// general algorithm runs for the rest, with the same result (`DocumentShapePlan`).
    public func canonicalize(_ document: JSONValue) throws -> RDFCanonicalizer.Result {
        let canonicalizer = RDFCanonicalizer(options: options.canonicalization)
        guard let shapes else { return try canonicalizer.canonicalize(toRDF(document)) }
        switch shapes.apply(document, preferNQuads: false) {
        case .applied(.dataset(let dataset)):
            return try canonicalizer.canonicalize(dataset)
        case .applied(.nquads):
            // Not given without `preferNQuads`; the general algorithm has the same result.
            return try canonicalizer.canonicalize(toRDF(document))
        case .missed(let hash):
            return try generalCanonicalize(document, shapes: shapes, hash: hash)
        }
    }

    /// The RDFC-1.0 canonical N-Quads of the document (UTF-8): ``canonicalize(_:)``'s
    /// `nquads`, written straight from the shape's plan when the dataset has no blank node.
    public func canonicalNQuads(_ document: JSONValue) throws -> [UInt8] {
        guard let shapes else { return try canonicalize(document).nquads }
        switch shapes.apply(document, preferNQuads: true) {
        case .applied(.nquads(let nquads)):
            return nquads
        case .applied(.dataset(let dataset)):
            return try RDFCanonicalizer(options: options.canonicalization).canonicalize(dataset).nquads
        case .missed(let hash):
            return try generalCanonicalize(document, shapes: shapes, hash: hash).nquads
        }
    }

    /// The general algorithm, noted in `shapes` so that a repeated shape gets its plan.
    private func generalCanonicalize(
        _ document: JSONValue, shapes: DocumentShapeCache, hash: Int
    ) throws -> RDFCanonicalizer.Result {
        let result = try RDFCanonicalizer(options: options.canonicalization).canonicalize(toRDF(document))
        shapes.generalRun(document, hash: hash, canonical: result, options: options)
        return result
    }
}
