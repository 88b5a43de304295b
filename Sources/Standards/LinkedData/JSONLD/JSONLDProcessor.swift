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

        /// Options: bundled contexts, strict mode, no base, default RDFC-1.0 settings.
        public init(
            contexts: ContextStore = .bundled,
            strict: Bool = true,
            base: String? = nil,
            canonicalization: RDFCanonicalizer.Options = .init()
        ) {
            self.contexts = contexts
            self.strict = strict
            self.base = base
            self.canonicalization = canonicalization
        }
    }

    /// The settings in use.
    public var options: Options

    /// A processor.
    public init(options: Options = Options()) {
        self.options = options
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
    public func canonicalize(_ document: JSONValue) throws -> RDFCanonicalizer.Result {
        try RDFCanonicalizer(options: options.canonicalization).canonicalize(toRDF(document))
    }
}
